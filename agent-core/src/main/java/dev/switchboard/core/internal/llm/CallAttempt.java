package dev.switchboard.core.internal.llm;

import java.time.Duration;

/**
 * One attempt of a model call on the calling thread (the transport sends on it): until when it may wait for quota (the
 * task's deadline), and whether its request left the process, so a token reservation of a request that never left is
 * given back.
 */
final class CallAttempt {
    private static final ThreadLocal<CallAttempt> CURRENT = new ThreadLocal<>();
    /** {@link System#nanoTime()} by which waiting must end; {@code null}: no deadline. */
    private final Long deadlineNanos;
    private boolean left;

    private CallAttempt(Long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    /** Starts an attempt on this thread; {@code timeLeft} {@code null}: no deadline. Close it with {@link #end()}. */
    static CallAttempt begin(Duration timeLeft) {
        CallAttempt attempt = new CallAttempt(timeLeft == null ? null : System.nanoTime() + timeLeft.toNanos());
        CURRENT.set(attempt);
        return attempt;
    }

    void end() {
        CURRENT.remove();
    }

    boolean left() {
        return left;
    }

    /** The transport wrote this thread's request to the connection. */
    static void markLeft() {
        CallAttempt attempt = CURRENT.get();
        if (attempt != null) {
            attempt.left = true;
        }
    }

    /** {@code max}, or less when this thread's attempt must end sooner (never negative). */
    static Duration bound(Duration max) {
        CallAttempt attempt = CURRENT.get();
        return attempt == null ? max : attempt.boundOf(max);
    }

    Duration boundOf(Duration max) {
        if (deadlineNanos == null) {
            return max;
        }
        long left = Math.max(0, deadlineNanos - System.nanoTime());
        return left < max.toNanos() ? Duration.ofNanos(left) : max;
    }
}
