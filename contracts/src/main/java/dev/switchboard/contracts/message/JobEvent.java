package dev.switchboard.contracts.message;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One step of a job's progress on {@code switchboard.events}, for clients that follow a job live. */
public record JobEvent(
        int version,
        UUID jobId,
        Type type,
        String agent,
        UUID taskId,
        int attempt,
        String message,
        Instant at) implements Versioned {

    public enum Type {
        SUBMITTED,
        /**
         * The aggregator released a later stage's task: every agent it needs has a result (decision 0030). {@code agent}
         * and {@code taskId} are the task's; {@code message} is {@code "stage <n>"}.
         */
        TASK_RELEASED,
        TASK_COMPLETED,
        TASK_FAILED,
        TASK_RETRY_SCHEDULED,
        TASK_DEAD_LETTERED,
        REPORT_READY,
        /** A dead letter of the job was replayed: its task is back on the agent's task topic (decision 0025). */
        TASK_REPLAYED,
        /** A replayed task's result amended the job's report: {@code message} is {@code "<revision> <status>"}. */
        REPORT_AMENDED,
        CALLBACK_DELIVERED,
        CALLBACK_FAILED
    }

    public JobEvent {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
    }

    public static JobEvent ofTask(Task task, Type type, String message, Instant at) {
        return new JobEvent(CURRENT_VERSION, task.jobId(), type, task.agent(), task.taskId(), task.attempt(), message, at);
    }

    public static JobEvent ofJob(UUID jobId, Type type, String message, Instant at) {
        return new JobEvent(CURRENT_VERSION, jobId, type, null, null, 0, message, at);
    }
}
