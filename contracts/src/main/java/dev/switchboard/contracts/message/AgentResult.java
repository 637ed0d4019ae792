package dev.switchboard.contracts.message;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** What one agent produced for one job, keyed by jobId on {@code switchboard.results}. */
public record AgentResult(
        int version,
        UUID jobId,
        UUID taskId,
        String agent,
        Status status,
        JsonNode output,
        ErrorInfo error,
        int attempts,
        String model,
        Usage usage,
        Instant startedAt,
        Instant finishedAt) implements Versioned {

    public enum Status { OK, FAILED }

    public AgentResult {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(status, "status");
        usage = usage == null ? Usage.NONE : usage;
        if (status == Status.OK && output == null) {
            throw new IllegalArgumentException("an OK result needs an output");
        }
        if (status == Status.FAILED && error == null) {
            throw new IllegalArgumentException("a FAILED result needs an error");
        }
    }

    public static AgentResult ok(Task task, JsonNode output, String model, Usage usage, Instant startedAt, Instant finishedAt) {
        return new AgentResult(CURRENT_VERSION, task.jobId(), task.taskId(), task.agent(), Status.OK, output, null,
                task.attempt(), model, usage, startedAt, finishedAt);
    }

    public static AgentResult failed(Task task, ErrorInfo error, String model, Usage usage, Instant startedAt, Instant finishedAt) {
        return new AgentResult(CURRENT_VERSION, task.jobId(), task.taskId(), task.agent(), Status.FAILED, null, error,
                task.attempt(), model, usage, startedAt, finishedAt);
    }

    public boolean isOk() {
        return status == Status.OK;
    }
}
