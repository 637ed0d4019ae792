package dev.switchboard.core.internal.llm;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Closed while a provider has asked us to wait ({@code Retry-After}): no call leaves the process
 * until the time is up. Shared by every caller of one provider.
 */
final class RetryAfterGate {
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final AtomicLong openAt;

    RetryAfterGate(LongSupplier nanoTime, Sleeper sleeper) {
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.openAt = new AtomicLong(nanoTime.getAsLong());
    }

    /** Keeps the gate closed for at least {@code wait} from now (never shortens an earlier wait). */
    void closeFor(Duration wait) {
        long until = nanoTime.getAsLong() + wait.toNanos();
        openAt.accumulateAndGet(until, Math::max);
    }

    boolean isOpen() {
        return nanoTime.getAsLong() - openAt.get() >= 0;
    }

    /** Blocks until the gate is open; returns how long it waited. */
    Duration awaitOpen() throws InterruptedException {
        long start = nanoTime.getAsLong();
        long left;
        while ((left = openAt.get() - nanoTime.getAsLong()) > 0) {
            sleeper.sleep(TimeUnit.NANOSECONDS.toMillis(left) + 1);
        }
        return Duration.ofNanos(nanoTime.getAsLong() - start);
    }
}
