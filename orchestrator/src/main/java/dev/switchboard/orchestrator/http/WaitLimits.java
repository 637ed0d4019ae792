package dev.switchboard.orchestrator.http;

import io.javalin.http.Context;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the requests that wait without a thread (event streams and report long-polls): in total and per caller
 * (the key's fingerprint, or {@code anonymous}). Over a cap the request is answered at once with a problem and
 * {@code Retry-After}; it never hangs. A {@link Slot} is given back exactly once, however the wait ends.
 */
final class WaitLimits {
    static final String RETRY_AFTER_SECONDS = "5";

    private final int maxTotal;
    private final int maxPerCaller;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> perCaller = new ConcurrentHashMap<>();

    WaitLimits(int maxTotal, int maxPerCaller) {
        this.maxTotal = maxTotal;
        this.maxPerCaller = maxPerCaller;
    }

    /** A slot for {@code caller}, or a 503 (every slot taken) / 429 (this caller's slots taken) problem. */
    Slot acquire(Context ctx, String caller) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
            throw new ProblemException(Problem.of(503, "too-many-waits", "Too many open streams",
                    "The server holds its maximum of " + maxTotal + " open event streams and long-polls. Try again later.")
                    .with("limit", maxTotal));
        }
        if (perCaller.merge(caller, 1, Integer::sum) > maxPerCaller) {
            release(caller);
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
            throw new ProblemException(Problem.of(429, "too-many-waits-per-caller", "Too many open streams",
                    "This caller holds its maximum of " + maxPerCaller + " open event streams and long-polls."
                            + " Close one, or try again later.").with("limit", maxPerCaller));
        }
        return new Slot(caller);
    }

    private void release(String caller) {
        perCaller.computeIfPresent(caller, (k, n) -> n <= 1 ? null : n - 1);
        total.decrementAndGet();
    }

    /** Open streams and long-polls now. */
    int open() {
        return total.get();
    }

    /** One held wait; {@link #close()} gives it back once. */
    final class Slot implements AutoCloseable {
        private final String caller;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(String caller) {
            this.caller = caller;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                release(caller);
            }
        }
    }
}
