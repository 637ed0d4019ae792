package dev.switchboard.report.aggregator;

import java.time.Instant;

/**
 * Keys of the time index store: {@code <13-digit epoch millis>|<kind>|<jobId>}. They sort by
 * time, so the punctuator reads only the entries that are due (a range scan up to now), never the
 * whole store. Times outside what 13 digits hold (before 1970, after 2286) are saturated, never
 * overflowed: callers clamp deadlines long before that ({@link DeadlineBounds}), this is the last guard.
 */
final class TimeIndex {
    /** The largest time a key holds: 13 nines of epoch millis (the year 2286). */
    static final long MAX_MILLIS = 9_999_999_999_999L;
    enum Kind { DEADLINE, ORPHAN, CLEANUP }

    record Entry(long dueMillis, Kind kind, String jobId) {
    }

    private TimeIndex() {
    }

    static String key(Instant due, Kind kind, String jobId) {
        return key(saturatedMillis(due), kind, jobId);
    }

    /** Epoch millis of {@code t}, held to {@code [0, MAX_MILLIS]} ({@link Instant#toEpochMilli()} overflows past ±292 million years). */
    static long saturatedMillis(Instant t) {
        if (t.isBefore(Instant.EPOCH)) {
            return 0;
        }
        return t.isAfter(Instant.ofEpochMilli(MAX_MILLIS)) ? MAX_MILLIS : t.toEpochMilli();
    }

    static String key(long dueMillis, Kind kind, String jobId) {
        return millis(dueMillis) + "|" + kind.name() + "|" + jobId;
    }

    /** The smallest key after every entry due at or before {@code nowMillis}. */
    static String upTo(long nowMillis) {
        return millis(nowMillis) + "|~";
    }

    static String from() {
        return millis(0) + "|";
    }

    /** Zero-padded to 13 digits, so keys sort by time (String.format costs a locale lookup per call on the hot path). */
    private static String millis(long value) {
        String digits = Long.toString(Math.min(MAX_MILLIS, Math.max(0, value)));
        return "0".repeat(Math.max(0, 13 - digits.length())) + digits;
    }

    static Entry parse(String key) {
        String[] parts = key.split("\\|", 3);
        return new Entry(Long.parseLong(parts[0]), Kind.valueOf(parts[1]), parts[2]);
    }
}
