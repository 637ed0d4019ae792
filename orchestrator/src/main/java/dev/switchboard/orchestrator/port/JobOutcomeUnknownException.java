package dev.switchboard.orchestrator.port;

import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * A committer took the job, but whether its transaction committed is not known yet (the submit
 * timed out while the commit was in hand, or the commit itself timed out). Not a
 * {@link FanOutException}: something may have been written, so the client gets the job id and polls
 * ({@code GET /v1/jobs/{id}} answers the truth once it is known, see {@link SubmitOutcome}).
 */
public class JobOutcomeUnknownException extends RuntimeException {
    private final transient UUID jobId;
    private final transient CompletionStage<Boolean> settled;

    /** @param settled completes with true once the job is known committed, false once it is known not written */
    public JobOutcomeUnknownException(UUID jobId, String message, Throwable cause, CompletionStage<Boolean> settled) {
        super(message, cause);
        this.jobId = jobId;
        this.settled = settled;
    }

    public UUID jobId() {
        return jobId;
    }

    public CompletionStage<Boolean> settled() {
        return settled;
    }
}
