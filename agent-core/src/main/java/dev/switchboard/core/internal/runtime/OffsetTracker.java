package dev.switchboard.core.internal.runtime;

import java.util.Collections;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * The offsets of one partition that are dispatched but not finished. The safe commit point is the
 * lowest unfinished offset, or one past the highest dispatched when none is unfinished: never past
 * unfinished work, whatever order tasks complete in. Used by the poll thread only.
 */
final class OffsetTracker {
    /** Each unfinished offset and its record's timestamp (epoch millis). */
    private final TreeMap<Long, Long> pending = new TreeMap<>();
    private long highestDispatched = -1;

    void dispatched(long offset) {
        dispatched(offset, Long.MAX_VALUE);
    }

    /** As {@link #dispatched(long)}, with the record's timestamp, for {@link #oldestTimestamp()}. */
    void dispatched(long offset, long timestampMillis) {
        pending.put(offset, timestampMillis);
        highestDispatched = Math.max(highestDispatched, offset);
    }

    void completed(long offset) {
        pending.remove(offset);
    }

    int inFlight() {
        return pending.size();
    }

    /** The offsets dispatched and not finished, lowest first (a read-only live view). */
    SortedSet<Long> pending() {
        return Collections.unmodifiableSortedSet(pending.navigableKeySet());
    }

    /** The earliest record timestamp among the unfinished offsets; empty when none is unfinished. */
    OptionalLong oldestTimestamp() {
        return pending.values().stream().mapToLong(Long::longValue).min();
    }

    /** Where the partition may be committed now; empty before anything was dispatched. */
    OptionalLong safePoint() {
        if (highestDispatched < 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(pending.isEmpty() ? highestDispatched + 1 : pending.firstKey());
    }
}
