package dev.switchboard.core.internal.llm;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 *
 * <p>The number of permits can change while it runs ({@link #permits(int)}, up to the capacity it was built
 * with): it is this process's share of the account's limit (decision 0022). Zero blocks; a caller waits at
 * most the bound it gives, then gets nothing. A share comes with the end of its lease ({@link #permits(int, long)}):
 * past it the limiter grants nothing, whatever thread was meant to renew or revoke it, until a new share comes.
 */
final class SlidingWindowRateLimiter {
    /** How often a waiter looks again while it has no permit at all (its share may grow meanwhile). */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private final long[] grants;
    private final long[] generations;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    /** Orders waiting acquirers (fair); held while sleeping. */
    private final ReentrantLock queue = new ReentrantLock(true);
    /** Guards the slots; never held while sleeping, so {@link #sentAt} never waits for a sleeper. */
    private final Object slots = new Object();
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile int permits;
    /** Whether the permits hold only until {@link #validUntil} (a coordinated share) or for good (alone). */
    private volatile boolean leased;
    private volatile long validUntil;
    private int next;
    private long lastGrant;

    SlidingWindowRateLimiter(int permits, Duration window, LongSupplier nanoTime, Sleeper sleeper) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1, was " + permits);
        }
        this.grants = new long[permits];
        this.generations = new long[permits];
        this.permits = permits;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        long longAgo = nanoTime.getAsLong() - windowNanos - 1;
        java.util.Arrays.fill(grants, longAgo);
        this.lastGrant = longAgo;
    }

    /** One granted permit: which slot it holds and how long the caller waited for it. */
    record Permit(int slot, long generation, Duration waited) {
    }

    /** Sets how many permits a window holds from now on: 0 to the capacity given at construction. */
    void permits(int permits) {
        synchronized (slots) {
            this.leased = false;
            this.permits = Math.max(0, Math.min(permits, grants.length));
        }
    }

    /** Sets how many permits a window holds until {@code validUntilNanos} (this clock); after it, none. */
    void permits(int permits, long validUntilNanos) {
        synchronized (slots) {
            this.validUntil = validUntilNanos;
            this.leased = true;
            this.permits = Math.max(0, Math.min(permits, grants.length));
        }
    }

    /** The permits in force at {@code now}: none once the lease of the share has ended. */
    private int permitsAt(long now) {
        return leased && now - validUntil >= 0 ? 0 : permits;
    }

    /** The permits in force now (none once a share's lease has ended). */
    int permits() {
        return permitsAt(nanoTime.getAsLong());
    }

    /** The most permits it can hold: the account's full limit. */
    int capacity() {
        return grants.length;
    }

    /** How many requests this process could send in a window now: those sent in the last window plus those waiting. */
    int demand() {
        return used() + waiting.get();
    }

    /** How many requests were granted in the last window (sent, or about to be). */
    int used() {
        synchronized (slots) {
            long now = nanoTime.getAsLong();
            int recent = 0;
            for (long g : grants) {
                if (now - g < windowNanos) {
                    recent++;
                }
            }
            return recent;
        }
    }

    /** Blocks until a permit is free. */
    Permit acquire() throws InterruptedException {
        return acquire(Duration.ofNanos(Long.MAX_VALUE));
    }

    /** Blocks until a permit is free, at most {@code maxWait}; {@code null} if none came. */
    Permit acquire(Duration maxWait) throws InterruptedException {
        long start = nanoTime.getAsLong();
        long bound = maxWait.toNanos();
        waiting.incrementAndGet();
        try {
            queue.lockInterruptibly();
            try {
                while (true) {
                    long left;
                    long now;
                    synchronized (slots) {
                        now = nanoTime.getAsLong();
                        int p = permitsAt(now);
                        left = p == 0 ? POLL_NANOS : Math.max(untilOneLeaves(p, now), lastGrant + windowNanos / (2L * p) - now);
                        if (left <= 0) {
                            int slot = next;
                            grants[slot] = now;
                            lastGrant = now;
                            long generation = ++generations[slot];
                            next = (next + 1) % grants.length;
                            return new Permit(slot, generation, Duration.ofNanos(now - start));
                        }
                    }
                    if (now - start >= bound) {
                        return null;
                    }
                    left = Math.min(Math.min(left, POLL_NANOS * 5), bound - (now - start));
                    sleeper.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left) + (left % 1_000_000 == 0 ? 0 : 1)));
                }
            } finally {
                queue.unlock();
            }
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Nanoseconds until fewer than {@code p} grants are inside the window ending now (0 if already). */
    private long untilOneLeaves(int p, long now) {
        long[] inWindow = java.util.Arrays.stream(grants).filter(g -> now - g < windowNanos).sorted().toArray();
        if (inWindow.length < p) {
            return 0;
        }
        return inWindow[inWindow.length - p] + windowNanos - now;
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
