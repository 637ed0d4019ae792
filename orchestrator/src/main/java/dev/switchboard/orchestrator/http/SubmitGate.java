package dev.switchboard.orchestrator.http;

import io.javalin.http.Context;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Bounds the request threads that blocking submits hold at once (a submit reads its body and waits for its Kafka
 * transaction, up to a minute): in total, and per caller to a quarter of that (at least one), so one caller trickling
 * bodies cannot take every permit. Over the total a submit is answered at once with 503 {@code busy}, over the caller's
 * share with 429 {@code too-many-submits-per-caller}, both with {@code Retry-After}. The rest of the request threads
 * stay free for health checks, reads and other callers' submits (see decision 0018).
 */
final class SubmitGate {
    static final String RETRY_AFTER_SECONDS = "1";

    /** A submit: blocking work that may throw. */
    @FunctionalInterface
    interface Submit {
        void run() throws Exception;
    }

    private final Semaphore permits;
    private final int max;
    private final int maxPerCaller;
    private final ConcurrentHashMap<String, Integer> perCaller = new ConcurrentHashMap<>();

    SubmitGate(int max) {
        this.permits = new Semaphore(max);
        this.max = max;
        this.maxPerCaller = perCaller(max);
    }

    /** A caller's share of {@code max} permits: a quarter, at least one. */
    static int perCaller(int max) {
        return Math.max(1, max / 4);
    }

    void run(Context ctx, String caller, Submit submit) throws Exception {
        if (perCaller.merge(caller, 1, Integer::sum) > maxPerCaller) {
            release(caller);
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
            throw new ProblemException(Problem.of(429, "too-many-submits-per-caller", "Too many submits",
                    "This caller has its maximum of " + maxPerCaller + " submits in progress; nothing was submitted. Try again.")
                    .with("limit", maxPerCaller));
        }
        try {
            if (!permits.tryAcquire()) {
                ctx.header("Retry-After", RETRY_AFTER_SECONDS);
                throw new ProblemException(Problem.of(503, "busy", "Busy",
                        "The server is handling its maximum of " + max + " submits at once; nothing was submitted. Try again.")
                        .with("limit", max));
            }
            try {
                submit.run();
            } finally {
                permits.release();
            }
        } finally {
            release(caller);
        }
    }

    private void release(String caller) {
        perCaller.computeIfPresent(caller, (k, n) -> n <= 1 ? null : n - 1);
    }
}
