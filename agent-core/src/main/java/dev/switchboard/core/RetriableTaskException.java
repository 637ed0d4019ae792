package dev.switchboard.core;

/** A failure that may pass: timeouts, rate limits, 5xx, an unavailable broker or model. */
public non-sealed class RetriableTaskException extends TaskException {
    public static final String TRANSIENT = "TRANSIENT";

    public RetriableTaskException(String message) {
        this(message, null);
    }

    public RetriableTaskException(String message, Throwable cause) {
        super(TRANSIENT, message, cause);
    }
}
