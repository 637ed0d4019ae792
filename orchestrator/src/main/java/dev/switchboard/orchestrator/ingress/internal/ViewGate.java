package dev.switchboard.orchestrator.ingress.internal;

import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;

/**
 * Holds the ingress back until the job view has read what others may have written (decision 0036). After each
 * (re)assignment of submissions partitions and after a transaction whose outcome is unknown, the next poll's records are
 * decided only once the view has read {@code switchboard.jobs} up to its end offsets (the last stable offsets, taken
 * when those records are in hand, so after the group's pending offset commits are settled): a key another replica, or an
 * unconfirmed commit of this one, wrote is then known, and replayed rather than written again.
 */
public final class ViewGate {
    private final Supplier<Map<TopicPartition, Long>> jobsEndOffsets;
    private final Predicate<Map<TopicPartition, Long>> viewHasRead;
    private boolean closed = true;
    private Map<TopicPartition, Long> ends;

    /** {@code jobsEndOffsets}: the jobs topic's end offsets now; {@code viewHasRead}: whether the view has read up to them. */
    public ViewGate(Supplier<Map<TopicPartition, Long>> jobsEndOffsets, Predicate<Map<TopicPartition, Long>> viewHasRead) {
        this.jobsEndOffsets = jobsEndOffsets;
        this.viewHasRead = viewHasRead;
    }

    /** Partitions were (re)assigned, or a commit's outcome is unknown: the view must catch up again before deciding. */
    public void close() {
        closed = true;
        ends = null;
    }

    /** Whether records in hand may be decided now; the first call after {@link #close} takes the end offsets. */
    public boolean open() {
        if (!closed) {
            return true;
        }
        if (ends == null) {
            ends = Map.copyOf(jobsEndOffsets.get());
        }
        if (viewHasRead.test(ends)) {
            closed = false;
            ends = null;
        }
        return !closed;
    }
}
