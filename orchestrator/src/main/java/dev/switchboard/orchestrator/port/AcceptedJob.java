package dev.switchboard.orchestrator.port;

import java.util.UUID;

/** A submit the orchestrator took: the job's id, and whether it is an earlier submit's job given again. */
public record AcceptedJob(UUID jobId, boolean replayed) {
}
