package dev.switchboard.orchestrator.port;

/** A job could not be written to Kafka; nothing of it is visible to {@code read_committed} readers. */
public class FanOutException extends RuntimeException {
    public FanOutException(String message, Throwable cause) {
        super(message, cause);
    }
}
