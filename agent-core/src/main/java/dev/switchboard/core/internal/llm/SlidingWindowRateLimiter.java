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
 *
 * <p>Grants are at least {@code window / (2 × permits)} apart, so a full window's worth from idle
 * goes out over half a window rather than at once: a burst of R new connections reached the
 * receiver (the scripted server in {@code bench}, a provider's front end in life) skewed by tens of
 * milliseconds, enough to put R + 1 arrivals in one second. Sustained throughput is unchanged.
 *
 * <p>A permit's time can be moved later with {@link #sentAt} once the request really leaves (a cold
 * connection can take tens of milliseconds): the next request that depends on this slot then waits
 * a full window after the real send, so send-time skew cannot squeeze an extra request into a
 * second at the receiver.
 */
final class SlidingWindowRateLimiter {
    private final long[] grants;
    private final long[] generations;
    private final long windowNanos;
    private final long spacingNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    /** Orders waiting acquirers (fair); held while sleeping. */
    private final ReentrantLock queue = new ReentrantLock(true);
    /** Guards the slots; never held while sleeping, so {@link #sentAt} never waits for a sleeper. */
    private final Object slots = new Object();
    private int oldest;
    private long lastGrant;

    SlidingWindowRateLimiter(int permits, Duration window, LongSupplier nanoTime, Sleeper sleeper) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1, was " + permits);
        }
        this.grants = new long[permits];
        this.generations = new long[permits];
        this.windowNanos = window.toNanos();
        this.spacingNanos = windowNanos / (2L * permits);
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        long longAgo = nanoTime.getAsLong() - windowNanos - 1;
        java.util.Arrays.fill(grants, longAgo);
        this.lastGrant = longAgo;
    }

    /** One granted permit: which slot it holds and how long the caller waited for it. */
    record Permit(int slot, long generation, Duration waited) {
    }

    /** Blocks until a permit is free. */
    Permit acquire() throws InterruptedException {
        long start = nanoTime.getAsLong();
        queue.lockInterruptibly();
        try {
            while (true) {
                long left;
                synchronized (slots) {
                    long now = nanoTime.getAsLong();
                    left = Math.max(grants[oldest] + windowNanos - now, lastGrant + spacingNanos - now);
                    if (left <= 0) {
                        int slot = oldest;
                        grants[slot] = now;
                        lastGrant = now;
                        long generation = ++generations[slot];
                        oldest = (oldest + 1) % grants.length;
                        return new Permit(slot, generation, Duration.ofNanos(now - start));
                    }
                }
                sleeper.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left) + (left % 1_000_000 == 0 ? 0 : 1)));
            }
        } finally {
            queue.unlock();
        }
    }

    /** Records that the request of {@code permit} actually left at {@code nanos} (later than the grant). */
    void sentAt(Permit permit, long nanos) {
        synchronized (slots) {
            if (generations[permit.slot()] == permit.generation() && nanos - grants[permit.slot()] > 0) {
                grants[permit.slot()] = nanos;
            }
        }
    }
}
