package dev.switchboard.orchestrator.jobs;

import java.util.concurrent.CompletionStage;

/**
 * A committer took the job, but whether its transaction committed is not known: the submit's wait ended while the
 * commit was in hand, or {@code commitTransaction} failed in a way that leaves the outcome open (e.g. a timeout).
 * {@link #decided()} completes normally once the transaction's fate is sealed on the broker (committed, or aborted by
 * a replacement producer with the same transactional id), and exceptionally once it is known that nothing was written.
 */
public final class UndecidedWriteException extends RuntimeException {
    private final transient CompletionStage<Void> decided;

    UndecidedWriteException(String message, Throwable cause, CompletionStage<Void> decided) {
        super(message, cause);
        this.decided = decided;
    }

    public CompletionStage<Void> decided() {
        return decided;
    }
}
