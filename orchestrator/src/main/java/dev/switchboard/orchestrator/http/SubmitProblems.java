package dev.switchboard.orchestrator.http;

import dev.switchboard.orchestrator.port.IdempotencyKeyReusedException;
import dev.switchboard.orchestrator.port.JobTooLargeException;

/**
 * The problems a submit refused after validation gets, the same from every front door: {@code POST /v1/jobs} answers
 * them, the Kafka ingress puts them on its dead-letter records (decision 0036).
 */
public final class SubmitProblems {
    private SubmitProblems() {
    }

    /** 409: the key names a job of another request. */
    public static Problem keyReused(IdempotencyKeyReusedException e) {
        return Problem.of(409, "idempotency-key-reused", "Idempotency key reused", e.getMessage());
    }

    /** 413, like a body over the document limit, naming the record limit and the serialized size. */
    public static Problem tooLarge(JobTooLargeException e) {
        return Problem.of(413, "record-too-large", "Job too large", e.getMessage() + ". Send a smaller document, or one with"
                        + " fewer quotes, backslashes and control characters")
                .with("maxBytes", e.maxBytes())
                .with("serializedBytes", e.serializedBytes())
                .with("record", e.record())
                .with("topic", e.topic());
    }

    /** 409: another submit with this key is being written right now; retry shortly. */
    public static Problem keyInFlight(Exception e) {
        return Problem.of(409, "idempotency-key-in-flight", "Idempotency key in flight", e.getMessage());
    }

    /** 422: Kafka refused a record of the job for itself. */
    public static Problem recordRefused(Exception e) {
        return ProblemException.unprocessable("record-refused", "Kafka refused a record of this job: " + e.getMessage()).problem();
    }

    /** 400: an idempotency key must be 1 to 255 characters, not blank. */
    public static void checkKey(String key) {
        if (key != null && (key.isBlank() || key.length() > 255)) {
            throw ProblemException.badRequest("invalid-idempotency-key", "Idempotency-Key must be 1 to 255 characters");
        }
    }
}
