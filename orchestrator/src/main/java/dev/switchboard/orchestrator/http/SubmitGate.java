package dev.switchboard.orchestrator.http;

import io.javalin.http.Context;
import java.util.concurrent.Semaphore;

/**
 * Bounds the request threads that blocking submits hold at once (a submit waits for its Kafka transaction, up to a
 * minute). Over the bound a submit is answered at once with 503 {@code busy} and {@code Retry-After}, so health
 * checks and reads always find a thread (see decision 0018).
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

    SubmitGate(int max) {
        this.permits = new Semaphore(max);
        this.max = max;
    }

    void run(Context ctx, Submit submit) throws Exception {
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
    }
}
