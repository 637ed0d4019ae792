package dev.switchboard.contracts.message;

import java.util.Objects;

/** The text an agent works on, with its media type (e.g. {@code text/plain}). */
public record Document(String text, String contentType) {
    public static final String TEXT_PLAIN = "text/plain";

    public Document {
        Objects.requireNonNull(text, "document.text");
        contentType = contentType == null || contentType.isBlank() ? TEXT_PLAIN : contentType;
    }

    public static Document ofText(String text) {
        return new Document(text, TEXT_PLAIN);
    }
}
