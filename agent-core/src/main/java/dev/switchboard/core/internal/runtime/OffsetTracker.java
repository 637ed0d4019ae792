package dev.switchboard.core.internal.runtime;

import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * The offsets of one partition that are dispatched but not finished. The safe commit point is the
 * lowest unfinished offset, or one past the highest dispatched when none is unfinished: never past
 * unfinished work, whatever order tasks complete in. Used by the poll thread only.
 */
final class OffsetTracker {
    private final TreeSet<Long> pending = new TreeSet<>();
    private long highestDispatched = -1;
    private long committed = -1;

    void dispatched(long offset) {
        pending.add(offset);
        highestDispatched = Math.max(highestDispatched, offset);
    }

    void completed(long offset) {
        pending.remove(offset);
    }

    int inFlight() {
        return pending.size();
    }

    /** The next offset to commit, if it moved since the last commit. */
    OptionalLong committable() {
        if (highestDispatched < 0) {
            return OptionalLong.empty();
        }
        long next = pending.isEmpty() ? highestDispatched + 1 : pending.first();
        return next > committed ? OptionalLong.of(next) : OptionalLong.empty();
    }

    void committed(long next) {
        committed = Math.max(committed, next);
    }

    /** An asynchronous commit failed: offer the commit point again next time. */
    void commitFailed() {
        committed = -1;
    }
}
