package dev.switchboard.core.internal.llm;

import dev.switchboard.core.RetriableTaskException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The last step before a request goes on the wire: wait for the {@code Retry-After} gate, then for
 * a permit of the sliding-window limiter (this process's share of the account's limit), and go round
 * again if a 429 closed the gate meanwhile. Done in the transport, right before sending, so the
 * limiter's timing is the wire's timing. A share that does not come within a bound fails the attempt
 * as retriable rather than waiting forever.
 */
final class Admission {
    /** How long a request waits for a share of the account's limit before its attempt fails (retriable). */
    static final Duration MAX_SHARE_WAIT = Duration.ofSeconds(30);
    private final AccountQuota quota;
    private final Consumer<Duration> waitRecorder;
    private final Duration maxShareWait;

    Admission(AccountQuota quota, Consumer<Duration> waitRecorder, Duration maxShareWait) {
        this.quota = quota;
        this.waitRecorder = waitRecorder;
        this.maxShareWait = maxShareWait;
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
        do {
            waited = waited.plus(gate.awaitOpen());
            permit = limiter.acquire(maxShareWait);
            if (permit == null) {
                throw new RetriableTaskException("No share of the provider account's request limit came within "
                        + maxShareWait.toSeconds() + " s: other processes hold all of it, or the quota topic does not answer"
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
