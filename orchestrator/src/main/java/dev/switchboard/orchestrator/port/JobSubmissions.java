package dev.switchboard.orchestrator.port;

/**
 * The submit port: what the HTTP layer asks of whatever writes jobs. Implemented over Kafka by
 * {@code jobs.KafkaJobSubmissions} (a transactional fan-out); the {@code Idempotency-Key} rules are
 * decided by {@code jobs.Idempotency}, which every implementation delegates to.
 */
public interface JobSubmissions {

    /**
     * Accepts a validated job, or refuses it with nothing of it visible. With an idempotency key, a
     * retried submit (same caller, key and request) gets the same job again ({@link AcceptedJob#replayed()}).
     *
     * @param caller         a stable, non-secret id of who submits (scopes idempotency keys)
     * @param idempotencyKey the client's {@code Idempotency-Key}, or null
     * @throws IdempotencyKeyReusedException the key was already used for a different request
     * @throws JobTooLargeException          a record of the job would be over the record limit
     * @throws JobRefusedException           the log refused a record of the job for a reason of its own
     * @throws FanOutException               the job could not be written now, nothing of it is visible; retrying may work
     * @throws JobOutcomeUnknownException    the job may or may not be written; its key stays claimed until that is known
     */
    AcceptedJob submit(JobRequest request, String caller, String idempotencyKey);
}
