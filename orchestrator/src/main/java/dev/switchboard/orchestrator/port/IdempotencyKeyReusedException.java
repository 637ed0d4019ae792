package dev.switchboard.orchestrator.port;

import java.util.UUID;

/** An {@code Idempotency-Key} already used by the same caller for a different request; nothing was submitted. */
public class IdempotencyKeyReusedException extends RuntimeException {
    private final String key;
    private final UUID jobId;

    public IdempotencyKeyReusedException(String key, UUID jobId) {
        super("Idempotency-Key '" + key + "' was already used for a different request (job " + jobId + ")", null, false, false);
        this.key = key;
        this.jobId = jobId;
    }

    public String key() {
        return key;
    }

    /** The job the key names. */
    public UUID jobId() {
        return jobId;
    }
}
