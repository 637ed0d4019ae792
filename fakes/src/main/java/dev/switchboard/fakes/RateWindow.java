package dev.switchboard.fakes;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * A provider's requests-per-second limit as a sliding window: an arrival is accepted when fewer than
 * {@code perSecond} accepted arrivals lie in the 1000 ms before it; a refused arrival does not count.
 */
final class RateWindow {
    private static final long WINDOW_NANOS = 1_000_000_000L;

    private final int perSecond;
    private final LongSupplier nanoClock;
    private final ArrayDeque<Long> accepted = new ArrayDeque<>();

    RateWindow(int perSecond, LongSupplier nanoClock) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be at least 1, was " + perSecond);
        }
        this.perSecond = perSecond;
        this.nanoClock = nanoClock;
    }

    /** Decides one arrival now; the time is read under the lock, so arrivals are decided in time order. */
    synchronized Admission admit() {
        long nowNanos = nanoClock.getAsLong();
        while (!accepted.isEmpty() && nowNanos - accepted.peekFirst() >= WINDOW_NANOS) {
            accepted.pollFirst();
        }
        boolean ok = accepted.size() < perSecond;
        if (ok) {
            accepted.addLast(nowNanos);
        }
        long resetNanos = accepted.isEmpty() ? 0 : accepted.peekFirst() + WINDOW_NANOS - nowNanos;
        return new Admission(nowNanos, ok, perSecond - accepted.size(), resetNanos);
    }

    /** The decision on one arrival, with what OpenAI's {@code x-ratelimit-*-requests} headers would say after it. */
    record Admission(long arrivalNanos, boolean accepted, int remaining, long resetNanos) {
    }
}
