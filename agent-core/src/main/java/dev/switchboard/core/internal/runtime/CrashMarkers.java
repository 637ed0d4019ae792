package dev.switchboard.core.internal.runtime;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * How many process crashes each record of one partition was in flight during, remembered in Kafka
 * itself: the metadata of the partition's committed offset lists the offsets in flight, each with
 * its crash count, and says whether the owner was {@link State#RUNNING running} them or
 * {@link State#HANDOVER handed them over} (rebalance, shutdown). A new owner that finds
 * {@code RUNNING} markers knows the previous owner died with those records in flight and counts
 * one crash for each. Decision 0009 explains the design.
 *
 * <p>Format: {@code sb1;R;1041=0,1042=2} (version; state; offset=crashes, ascending). Anything
 * else (a foreign tool's metadata, a torn value) reads as no markers.
 */
final class CrashMarkers {
    /** Kafka's default {@code offset.metadata.max.bytes} is 4096; stay well under it. */
    static final int MAX_METADATA_CHARS = 3000;
    private static final String PREFIX = "sb1";

    enum State {
        RUNNING("R"), HANDOVER("H");

        private final String code;

        State(String code) {
            this.code = code;
        }
    }

    private final Map<Long, Integer> crashes = new HashMap<>();

    /** No record of this partition is known to have crashed a process. */
    static CrashMarkers none() {
        return new CrashMarkers();
    }

    /**
     * What the committed metadata says, with one more crash for every record the previous owner had
     * in flight while {@code RUNNING}. Offsets below {@code committedOffset} are done and forgotten.
     */
    static CrashMarkers fromCommitted(String metadata, long committedOffset) {
        CrashMarkers markers = new CrashMarkers();
        if (metadata == null || !metadata.startsWith(PREFIX + ";")) {
            return markers;
        }
        String[] parts = metadata.split(";", -1);
        if (parts.length != 3 || parts[2].isEmpty()) {
            return markers;
        }
        Optional<State> state = parts[1].equals(State.RUNNING.code) ? Optional.of(State.RUNNING)
                : parts[1].equals(State.HANDOVER.code) ? Optional.of(State.HANDOVER) : Optional.empty();
        if (state.isEmpty()) {
            return markers;
        }
        for (String entry : parts[2].split(",")) {
            int eq = entry.indexOf('=');
            try {
                long offset = Long.parseLong(entry.substring(0, Math.max(eq, 0)));
                int count = Integer.parseInt(entry.substring(eq + 1));
                int now = state.get() == State.RUNNING ? count + 1 : count;
                if (offset >= committedOffset && count >= 0 && now > 0) {
                    markers.crashes.put(offset, now);
                }
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                return new CrashMarkers(); // torn or foreign: trust none of it
            }
        }
        return markers;
    }

    /** True when no record of the partition is known to have been in flight during a crash. */
    boolean isEmpty() {
        return crashes.isEmpty();
    }

    /** How many crashes the record at {@code offset} was in flight during. */
    int crashes(long offset) {
        return crashes.getOrDefault(offset, 0);
    }

    /** The record is finished (or dead-lettered): it needs no marker any more. */
    void finished(long offset) {
        crashes.remove(offset);
    }

    /**
     * The metadata to commit with the partition's offset: every offset in flight with its count,
     * lowest first, as many as fit; an empty string when nothing is in flight.
     */
    String encode(State state, Collection<Long> inFlight) {
        if (inFlight.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(PREFIX).append(';').append(state.code).append(';');
        int header = out.length();
        for (long offset : new TreeSet<>(inFlight)) {
            String entry = offset + "=" + crashes(offset);
            if (out.length() + entry.length() + 1 > MAX_METADATA_CHARS) {
                break;
            }
            if (out.length() > header) {
                out.append(',');
            }
            out.append(entry);
        }
        return out.toString();
    }
}
