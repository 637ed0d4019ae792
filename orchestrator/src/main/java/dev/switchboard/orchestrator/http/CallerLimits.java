package dev.switchboard.orchestrator.http;

import io.javalin.http.Context;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps requests in total and per caller (the key's fingerprint, or {@code anonymous}): the requests that wait
 * without a thread (event streams and report long-polls, {@link #waits}) and the submits that hold one
 * ({@link #submits}). Over a cap the request is answered at once with a problem and {@code Retry-After}; it never
 * hangs. A {@link Slot} is given back exactly once, however the request ends.
 */
final class CallerLimits {
    private final int maxTotal;
    private final int maxPerCaller;
    private final String retryAfterSeconds;
    private final IntFunction<Problem> overTotal;
    private final IntFunction<Problem> overCaller;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> perCaller = new ConcurrentHashMap<>();

    private CallerLimits(int maxTotal, int maxPerCaller, String retryAfterSeconds, IntFunction<Problem> overTotal,
                         IntFunction<Problem> overCaller) {
        this.maxTotal = maxTotal;
        this.maxPerCaller = maxPerCaller;
        this.retryAfterSeconds = retryAfterSeconds;
        this.overTotal = overTotal;
        this.overCaller = overCaller;
    }

    /** Open event streams and long-polls: 503 {@code too-many-waits} / 429 {@code too-many-waits-per-caller}. */
    static CallerLimits waits(int maxTotal, int maxPerCaller) {
        return new CallerLimits(maxTotal, maxPerCaller, "5",
                max -> Problem.of(503, "too-many-waits", "Too many open streams",
                        "The server holds its maximum of " + max + " open event streams and long-polls. Try again later.")
                        .with("limit", max),
                max -> Problem.of(429, "too-many-waits-per-caller", "Too many open streams",
                        "This caller holds its maximum of " + max + " open event streams and long-polls."
                                + " Close one, or try again later.").with("limit", max));
    }

    /**
     * Submits holding a request thread (a submit reads its body and waits for its Kafka transaction, up to a minute):
     * {@code max} in total, a {@linkplain #submitShare quarter} per caller, so one caller trickling bodies cannot take
     * every permit; 503 {@code busy} / 429 {@code too-many-submits-per-caller}. The rest of the request threads stay
     * free for health checks, reads and other callers' submits (decision 0018).
     */
    static CallerLimits submits(int max) {
        return new CallerLimits(max, submitShare(max), "1",
                n -> Problem.of(503, "busy", "Busy",
                        "The server is handling its maximum of " + n + " submits at once; nothing was submitted. Try again.")
                        .with("limit", n),
                n -> Problem.of(429, "too-many-submits-per-caller", "Too many submits",
                        "This caller has its maximum of " + n + " submits in progress; nothing was submitted. Try again.")
                        .with("limit", n));
    }

    /** A caller's share of {@code max} submits: a quarter, at least one. */
    static int submitShare(int max) {
        return Math.max(1, max / 4);
    }

    /** A slot for {@code caller}, or the over-total (every slot taken) / over-caller (this caller's slots taken) problem. */
    Slot acquire(Context ctx, String caller) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            ctx.header("Retry-After", retryAfterSeconds);
            throw new ProblemException(overTotal.apply(maxTotal));
        }
        if (perCaller.merge(caller, 1, Integer::sum) > maxPerCaller) {
            release(caller);
            ctx.header("Retry-After", retryAfterSeconds);
            throw new ProblemException(overCaller.apply(maxPerCaller));
        }
        return new Slot(caller);
    }

    private void release(String caller) {
        perCaller.computeIfPresent(caller, (k, n) -> n <= 1 ? null : n - 1);
        total.decrementAndGet();
    }

    /** Slots held now. */
    int open() {
        return total.get();
    }

    /** One held slot; {@link #close()} gives it back once. */
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
