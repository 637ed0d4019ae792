package dev.switchboard.core;

import dev.switchboard.contracts.message.ErrorType;

/**
 * A failure the agent (or gateway) classified. The runtime routes by branch, never by message:
 * {@link RetriableTaskException} to the next retry tier, {@link NonRetriableTaskException} to the
 * dead-letter topic with a FAILED result.
 */
public abstract sealed class TaskException extends RuntimeException
        permits RetriableTaskException, NonRetriableTaskException {

    private final String errorType;

    protected TaskException(String errorType, String message, Throwable cause) {
        super(message, cause);
        this.errorType = errorType;
    }

    /** The {@code error.type} a FAILED result reports. */
    public String errorType() {
        return errorType;
    }

    static String typeOf(ErrorType type) {
        return type.name();
    }
}
