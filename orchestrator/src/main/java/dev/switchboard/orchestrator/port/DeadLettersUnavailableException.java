package dev.switchboard.orchestrator.port;

/** Kafka did not answer a dead-letter read or replay within its bound (the API answers 503); nothing half-written stays. */
public final class DeadLettersUnavailableException extends RuntimeException {
    public DeadLettersUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
