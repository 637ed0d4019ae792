package dev.switchboard.agents.synthesis;

import dev.switchboard.contracts.message.Json;
import dev.switchboard.core.Input;
import dev.switchboard.core.Prompt;
import dev.switchboard.core.PromptTemplate;
import dev.switchboard.core.text.Chunks;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model's prompt: the start of the document and each input, fenced as untrusted data under
 * {@code OUTPUT <agent>}: an OK agent's output as JSON, a failed one's {@code {"failed": "<error type>"}}.
 */
final class SynthesisPrompt {
    /** The document is cut here, at a sentence boundary where it can: the outputs carry its content. */
    static final int DOCUMENT_CHARS = Chunks.DEFAULT_MAX_CHARS;
    /** An output longer than this is cut (and marked cut): a long entity list adds little to a few sentences. */
    static final int OUTPUT_CHARS = 6_000;
    static final String PART = "OUTPUT ";
    private static final PromptTemplate TEMPLATE = PromptTemplate.fromResource(SynthesisPrompt.class, "prompt.txt");

    private SynthesisPrompt() {
    }

    static Prompt of(String document, Map<String, Input> inputs) {
        Map<String, String> parts = new LinkedHashMap<>();
        inputs.forEach((agent, input) -> parts.put(PART + agent, describe(input)));
        return TEMPLATE.forDocument(start(document, DOCUMENT_CHARS), parts);
    }

    private static String describe(Input input) {
        String json = input.ok() ? String.valueOf(input.output()) : Json.toString(Map.of("failed", String.valueOf(input.errorType())));
        return json.length() <= OUTPUT_CHARS ? json : start(json, OUTPUT_CHARS) + " … (cut)";
    }

    /** The first at most {@code chars} characters of {@code text}, ending at a sentence boundary where one is near. */
    static String start(String text, int chars) {
        return text.length() <= chars ? text : Chunks.split(text, chars).get(0);
    }
}
