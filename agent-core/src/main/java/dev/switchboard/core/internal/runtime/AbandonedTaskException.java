package dev.switchboard.core.internal.runtime;

/** The worker is shutting down and gave up on this task: publish nothing, commit nothing. */
final class AbandonedTaskException extends RuntimeException {
    AbandonedTaskException(Throwable cause) {
        super("task abandoned at shutdown", cause);
    }
}
