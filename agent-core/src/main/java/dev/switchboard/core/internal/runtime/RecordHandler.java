package dev.switchboard.core.internal.runtime;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Processes one task record completely; returns when its outputs are durable. */
interface RecordHandler {
    /**
     * Runs the task and publishes its outcome. Throws only when the outcome could not be written. {@code mayHaveRunBefore}:
     * the record was in flight at an earlier owner (a crash, or a handover mid-task), so its model calls may be journaled.
     */
    void handle(ConsumerRecord<String, byte[]> record, boolean mayHaveRunBefore) throws Exception;

    /**
     * Sets aside, without running it, a record that was in flight during {@code crashes} process
     * crashes: a dead letter ({@code POISON_RECORD}) and, where the task is readable, a FAILED result.
     */
    void poison(ConsumerRecord<String, byte[]> record, int crashes) throws Exception;
}
