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
 * one crash for each. Records with a count that are not in flight yet (suspects waiting for their
 * turn to run alone) are carried along unchanged. Decision 0009 explains the design.
 *
 * <p>Format: {@code sb1;R;1041=0,1042=2;1050=1} (version; state; in flight offset=crashes;
 * carried offset=crashes; ascending). Anything else (a foreign tool's metadata, a torn value)
 * reads as no markers.
 *
 * <p>Every record listed in flight, in either state, {@link #wasInFlight may have run before}: its model calls may be in
 * the call journal (decision 0023).
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
    /** Offsets the previous owner listed in flight, crashed or handed over: they may have run before. */
    private final java.util.Set<Long> inFlightBefore = new java.util.HashSet<>();

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
        if (parts.length < 3 || parts.length > 4 || (parts[2].isEmpty() && (parts.length == 3 || parts[3].isEmpty()))) {
            return markers;
        }
        Optional<State> state = parts[1].equals(State.RUNNING.code) ? Optional.of(State.RUNNING)
                : parts[1].equals(State.HANDOVER.code) ? Optional.of(State.HANDOVER) : Optional.empty();
        if (state.isEmpty()) {
            return markers;
        }
        try {
            markers.read(parts[2], committedOffset, state.get() == State.RUNNING ? 1 : 0);
            markers.inFlightBefore.addAll(offsets(parts[2], committedOffset));
            if (parts.length == 4) {
                markers.read(parts[3], committedOffset, 0);
            }
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            return new CrashMarkers(); // torn or foreign: trust none of it
        }
        return markers;
    }

    private static java.util.List<Long> offsets(String list, long committedOffset) {
        java.util.List<Long> offsets = new java.util.ArrayList<>();
        if (!list.isEmpty()) {
            for (String entry : list.split(",")) {
                long offset = Long.parseLong(entry.substring(0, Math.max(entry.indexOf('='), 0)));
                if (offset >= committedOffset) {
                    offsets.add(offset);
                }
            }
        }
        return offsets;
    }

    private void read(String list, long committedOffset, int crashed) {
        if (list.isEmpty()) {
            return;
        }
        for (String entry : list.split(",")) {
            int eq = entry.indexOf('=');
            long offset = Long.parseLong(entry.substring(0, Math.max(eq, 0)));
            int count = Integer.parseInt(entry.substring(eq + 1));
            if (count < 0) {
                throw new NumberFormatException("negative count");
            }
            if (offset >= committedOffset && count + crashed > 0) {
                crashes.merge(offset, count + crashed, Math::max);
            }
        }
    }

    /** True when no record of the partition is known to have been in flight during a crash. */
    boolean isEmpty() {
        return crashes.isEmpty();
    }

    /** How many crashes the record at {@code offset} was in flight during. */
    int crashes(long offset) {
        return crashes.getOrDefault(offset, 0);
    }

    /**
     * True when the previous owner listed the record at {@code offset} in flight, whether it died ({@code R}) or handed
     * the partition over ({@code H}, e.g. a drain that ran out): the record may have run, and paid for model calls.
     */
    boolean wasInFlight(long offset) {
        return inFlightBefore.contains(offset) || crashes(offset) > 0;
    }

    /** The record is finished (or dead-lettered): it needs no marker any more. */
    void finished(long offset) {
        crashes.remove(offset);
        inFlightBefore.remove(offset);
    }

    /**
     * The metadata to commit with the partition's offset {@code committing}: every offset in flight
     * with its count, then every other known count at or past {@code committing}, lowest first, as
     * many as fit; an empty string when there is nothing to remember.
     */
    String encode(State state, Collection<Long> inFlight, long committing) {
        TreeSet<Long> carried = new TreeSet<>();
        crashes.keySet().stream().filter(o -> o >= committing && !inFlight.contains(o)).forEach(carried::add);
        if (inFlight.isEmpty() && carried.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(PREFIX).append(';').append(state.code).append(';');
        append(out, new TreeSet<>(inFlight));
        out.append(';');
        append(out, carried);
        return out.toString();
    }

    private void append(StringBuilder out, TreeSet<Long> offsets) {
        boolean first = true;
        for (long offset : offsets) {
            String entry = offset + "=" + crashes(offset);
            if (out.length() + entry.length() + 2 > MAX_METADATA_CHARS) {
                break;
            }
            if (!first) {
                out.append(',');
            }
            out.append(entry);
            first = false;
        }
    }
}
