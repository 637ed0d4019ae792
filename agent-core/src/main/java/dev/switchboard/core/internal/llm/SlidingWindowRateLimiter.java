package dev.switchboard.core.internal.llm;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * At most {@code permits} grants in any window of {@code window} length, measured at grant time,
 * for every window, not only aligned ones: it remembers the last {@code permits} grant times and
 * grants the next one only when the oldest of them has left the window. A fixed-cycle limiter
 * (resilience4j's {@code AtomicRateLimiter}) can grant a full period's permits at the end of one
 * cycle and again at the start of the next: twice the rate within one second. Waiters are served
 * in arrival order.
 */
final class SlidingWindowRateLimiter {
    private final long[] grants;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final ReentrantLock lock = new ReentrantLock(true);
    private int oldest;

    SlidingWindowRateLimiter(int permits, Duration window, LongSupplier nanoTime, Sleeper sleeper) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1, was " + permits);
        }
        this.grants = new long[permits];
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        long longAgo = nanoTime.getAsLong() - windowNanos - 1;
        java.util.Arrays.fill(grants, longAgo);
    }

    /** Blocks until a permit is free; returns how long it waited. */
    Duration acquire() throws InterruptedException {
        long start = nanoTime.getAsLong();
        lock.lockInterruptibly();
        try {
            long now;
            long freeAt = grants[oldest] + windowNanos;
            while ((now = nanoTime.getAsLong()) - freeAt < 0) {
                long left = freeAt - now;
                sleeper.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left) + (left % 1_000_000 == 0 ? 0 : 1)));
            }
            grants[oldest] = now;
            oldest = (oldest + 1) % grants.length;
            return Duration.ofNanos(now - start);
        } finally {
            lock.unlock();
        }
    }
}
