package dev.switchboard.core;

import dev.switchboard.contracts.message.ErrorType;

/** A failure that retrying cannot fix: invalid input, an answer that violates the schema, a bug. */
public non-sealed class NonRetriableTaskException extends TaskException {

    public NonRetriableTaskException(ErrorType type, String message) {
        this(type, message, null);
    }

    public NonRetriableTaskException(ErrorType type, String message, Throwable cause) {
        super(typeOf(type), message, cause);
    }

    /** For an agent's own error types, e.g. {@code UNSUPPORTED_LANGUAGE}. */
    public NonRetriableTaskException(String errorType, String message, Throwable cause) {
        super(errorType, message, cause);
    }
}
