package dev.switchboard.orchestrator.callback;

import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.common.TopicPartition;

/**
 * The deliveries that ended, handed from the delivery threads to the poll thread. A crashed delivery
 * is never applied (its record stays open, so it is never committed past) and is remembered for the
 * rest of the run: however it was drained (in the poll loop or in a rebalance callback, whose partition
 * may stay assigned), {@link #crash()} reports it, and the run ends so that the record is delivered again.
 */
final class EndedDeliveries {
    /** A delivery's end: {@code failure} is null when it ended normally. */
    record Ended(TopicPartition partition, long offset, Throwable failure) {
    }

    private final Queue<Ended> queue = new ConcurrentLinkedQueue<>();
    private Ended crash;

    /** A delivery ended (delivered, failed and recorded, or nothing to deliver); any thread. */
    void ended(TopicPartition tp, long offset) {
        queue.add(new Ended(tp, offset, null));
    }

    /** A delivery crashed before its outcome was recorded; any thread. */
    void crashed(TopicPartition tp, long offset, Throwable failure) {
        queue.add(new Ended(tp, offset, failure));
    }

    /** Applies the normal ends to {@code offsets} and remembers the first crash; the poll thread only. */
    void drainInto(DeliveryOffsets offsets) {
        for (Ended e = queue.poll(); e != null; e = queue.poll()) {
            if (e.failure() == null) {
                offsets.ended(e.partition(), e.offset());
            } else if (crash == null) {
                crash = e;
            }
        }
    }

    /** The first crash drained in this run, if any: the run must end. */
    Optional<Ended> crash() {
        return Optional.ofNullable(crash);
    }
}
