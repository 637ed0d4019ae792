package dev.switchboard.orchestrator.port;

import java.util.ArrayList;
import java.util.List;

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

    /**
     * Submits each item as {@link #submit} would, each under its own idempotency key, and answers one result per item in
     * the same order; an item's refusal never refuses another. The Kafka implementation queues every job of the batch at
     * once and waits once, so the committers write them in as few transactions as the size limits allow (decision 0037).
     * This default submits them one by one.
     */
    default List<BatchResult> submitAll(List<BatchItem> items, String caller) {
        List<BatchResult> results = new ArrayList<>(items.size());
        for (BatchItem item : items) {
            try {
                results.add(BatchResult.accepted(submit(item.request(), caller, item.idempotencyKey())));
            } catch (FanOutException | IdempotencyKeyReusedException | IdempotencyKeyInFlightException | JobOutcomeUnknownException e) {
                results.add(BatchResult.refused(e));
            }
        }
        return results;
    }
}
