package dev.switchboard.core.internal.llm;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The last step before a request goes on the wire: wait for the {@code Retry-After} gate, then for
 * a permit of the sliding-window limiter, and go round again if a 429 closed the gate meanwhile.
 * Done in the transport, right before sending, so the limiter's timing is the wire's timing.
 */
final class Admission {
    private final RetryAfterGate gate;
    private final SlidingWindowRateLimiter limiter;
    private final Consumer<Duration> waitRecorder;

    Admission(RetryAfterGate gate, SlidingWindowRateLimiter limiter, Consumer<Duration> waitRecorder) {
        this.gate = gate;
        this.limiter = limiter;
        this.waitRecorder = waitRecorder;
    }

    RetryAfterGate gate() {
        return gate;
    }

    /** Blocks until the request may go; call {@link Ticket#sent()} when it actually leaves. */
    Ticket admit() throws InterruptedException {
        Duration waited = Duration.ZERO;
        SlidingWindowRateLimiter.Permit permit;
        do {
            waited = waited.plus(gate.awaitOpen());
            permit = limiter.acquire();
            waited = waited.plus(permit.waited());
        } while (!gate.isOpen());
        waitRecorder.accept(waited);
        SlidingWindowRateLimiter.Permit granted = permit;
        return () -> limiter.sentAt(granted, System.nanoTime());
    }

    /** Marks the moment the admitted request is written to the connection. */
    @FunctionalInterface
    interface Ticket {
        void sent();
    }
}
