package dev.switchboard.core.internal.runtime;

import java.time.Duration;

/**
 * Where tasks come from and where their completion is acknowledged. The consumer-group source
 * commits contiguous offsets; the share-group source (Kafka 4 queues, decision 0038) acknowledges records one
 * by one. The {@link TaskProcessor} does not know which one feeds it.
 */
interface TaskSource {

    /** Starts delivering records to the handler on the source's own threads. */
    void start(RecordHandler handler);

    /** Stops taking new records, waits up to {@code drain} for in-flight ones, acknowledges what finished, closes. */
    void close(Duration drain);

    /** True once the source stopped, by {@link #close} or because a record could not be handled. */
    boolean isStopped();

    /** The failure that stopped the source, if any. */
    Throwable failure();
}
