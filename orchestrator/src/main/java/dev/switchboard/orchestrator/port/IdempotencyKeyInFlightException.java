package dev.switchboard.orchestrator.port;

/**
 * A submit with this {@code Idempotency-Key} is still being written by this instance and did not finish while the
 * retry waited: nothing new was written, and retrying in a moment gives that job (409 with {@code Retry-After}).
 */
public class IdempotencyKeyInFlightException extends RuntimeException {
    public IdempotencyKeyInFlightException(String key) {
        super("A submit with Idempotency-Key '" + key + "' is still being written; retry in a moment to get its job", null,
                false, false);
    }
}
