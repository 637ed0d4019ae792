package dev.switchboard.core.internal.llm;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The last step before a request goes on the wire: wait for the {@code Retry-After} gate, then for
 * a permit of the sliding-window limiter (this process's share of the account's limit), and go round
 * again if a 429 closed the gate meanwhile. Done in the transport, right before sending, so the
 * limiter's timing is the wire's timing. A share that does not come within a bound (or by the task's
 * deadline, when that is nearer) fails the attempt with a {@link QuotaWaitException} rather than waiting forever.
 */
final class Admission {
    /** How long a request waits for a share of the account's limit before its attempt fails (retriable). */
    static final Duration MAX_SHARE_WAIT = Duration.ofSeconds(30);
    private final AccountQuota quota;
    private final Consumer<Duration> waitRecorder;
    private final Duration maxShareWait;
    private final Duration defaultPause;

    /** @param defaultPause the pause of a 429 that does not say how long to wait (one rate window) */
    Admission(AccountQuota quota, Consumer<Duration> waitRecorder, Duration maxShareWait, Duration defaultPause) {
        this.quota = quota;
        this.waitRecorder = waitRecorder;
        this.maxShareWait = maxShareWait;
        this.defaultPause = defaultPause;
    }

    /** How long a 429 without a usable {@code Retry-After} pauses the account (at least). */
    Duration defaultPause() {
        return defaultPause;
    }

    /** The provider asked us to wait (429/503 with {@code Retry-After}, or an exhausted rate-limit header). */
    void pause(Duration wait) {
        quota.pause(wait);
    }

    /** Blocks until the request may go; call {@link Ticket#sent()} when it actually leaves. */
    Ticket admit() throws InterruptedException {
        RetryAfterGate gate = quota.gate();
        SlidingWindowRateLimiter limiter = quota.limiter();
        Duration waited = Duration.ZERO;
        SlidingWindowRateLimiter.Permit permit;
        Duration bound = CallAttempt.bound(maxShareWait);
        do {
            waited = waited.plus(gate.awaitOpen());
            permit = limiter.acquire(bound);
            if (permit == null) {
                throw new QuotaWaitException("No share of the provider account's request quota came within "
                        + bound.toMillis() + " ms: other processes hold all of it, or the quota topic does not answer"
                        + " (decision 0022)");
            }
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
