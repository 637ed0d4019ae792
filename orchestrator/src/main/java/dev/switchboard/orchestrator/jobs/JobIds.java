package dev.switchboard.orchestrator.jobs;

import dev.switchboard.contracts.message.Ids;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Job and task ids. With an {@code Idempotency-Key}, the job id is derived from the caller and the
 * key, so every orchestrator instance, also after a restart, gives a retried submit the same job.
 * Task ids are derived from the job id and the agent: a re-sent fan-out repeats the same tasks,
 * which the aggregator drops as duplicates.
 */
public final class JobIds {
    private JobIds() {
    }

    public static UUID newJobId(String caller, String idempotencyKey) {
        if (idempotencyKey == null) {
            return Ids.newId();
        }
        return UUID.nameUUIDFromBytes(("switchboard-job|" + caller + "|" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
    }

    public static UUID taskId(UUID jobId, String agent) {
        return Ids.taskId(jobId, agent);
    }
}
