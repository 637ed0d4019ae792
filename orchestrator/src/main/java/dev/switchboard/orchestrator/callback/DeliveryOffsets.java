package dev.switchboard.orchestrator.callback;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which records of each partition are still being delivered, and so how far each partition may be
 * committed: up to (not including) its lowest record whose delivery has not ended, or past the last
 * record seen when none is open. Used by the poll thread only.
 */
final class DeliveryOffsets {
    private final Map<TopicPartition, Partition> partitions = new HashMap<>();

    private static final class Partition {
        final TreeSet<Long> open = new TreeSet<>();
        long next = -1;
        long committed = -1;

        long committable() {
            return open.isEmpty() ? next : open.first();
        }
    }

    /** A record was handed out for delivery. */
    void started(TopicPartition tp, long offset) {
        Partition p = partitions.computeIfAbsent(tp, k -> new Partition());
        p.open.add(offset);
        p.next = Math.max(p.next, offset + 1);
    }

    /** A record's delivery ended (delivered, or finally failed and recorded); unknown partitions are ignored. */
    void ended(TopicPartition tp, long offset) {
        Partition p = partitions.get(tp);
        if (p != null) {
            p.open.remove(offset);
        }
    }

    /** Records whose delivery has not ended, over all partitions. */
    int open() {
        int n = 0;
        for (Partition p : partitions.values()) {
            n += p.open.size();
        }
        return n;
    }

    /** The offsets that moved since the last {@link #committed}; never past a record still open. */
    Map<TopicPartition, OffsetAndMetadata> toCommit(Collection<TopicPartition> among) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        partitions.forEach((tp, p) -> {
            long offset = p.committable();
            if (among.contains(tp) && offset > p.committed) {
                offsets.put(tp, new OffsetAndMetadata(offset));
            }
        });
        return offsets;
    }

    /** These offsets are now committed. */
    void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, o) -> {
            Partition p = partitions.get(tp);
            if (p != null) {
                p.committed = Math.max(p.committed, o.offset());
            }
        });
    }

    /** Stops tracking partitions this consumer no longer owns; their open records go to the next owner. */
    void forget(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }

    Collection<TopicPartition> tracked() {
        return partitions.keySet();
    }
}
