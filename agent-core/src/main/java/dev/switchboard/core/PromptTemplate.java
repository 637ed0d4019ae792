package dev.switchboard.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A prompt kept in a resource file: the system message, a line with three dashes, then the
 * instructions. {@link #forDocument} fences the document as untrusted data after the instructions.
 */
public record PromptTemplate(String system, String instructions) {

    public static PromptTemplate fromResource(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Prompt resource " + name + " not found next to " + owner.getName());
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
            int split = text.indexOf("\n---\n");
            if (split < 0) {
                throw new IllegalStateException("Prompt resource " + name + " needs a '---' line between system message and instructions");
            }
            return new PromptTemplate(text.substring(0, split).strip(), text.substring(split + 5).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Prompt forDocument(String document) {
        return Prompt.forDocument(system, instructions, document);
    }

    /** The document and more untrusted data, each part fenced under its name (see {@link Prompt#forDocument}). */
    public Prompt forDocument(String document, Map<String, String> parts) {
        return Prompt.forDocument(system, instructions, document, parts);
    }
}
