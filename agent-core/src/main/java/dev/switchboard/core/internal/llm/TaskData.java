package dev.switchboard.core.internal.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.core.AgentTask;
import java.time.Instant;
import java.util.UUID;

/**
 * A task as an agent and its offline model read it: the wire {@link Task}'s fields, or another task's with the text of
 * the part of its document one prompt is about (a chunk).
 */
public record TaskData(UUID jobId, UUID taskId, String agent, int attempt, String text, String contentType,
                       JsonNode parameters, Instant submittedAt, Instant deadline) implements AgentTask {

    /** The task of a record from a task topic. */
    public static TaskData of(Task task) {
        return new TaskData(task.jobId(), task.taskId(), task.agent(), task.attempt(), task.document().text(),
                task.document().contentType(), task.parameters(), task.submittedAt(), task.deadline());
    }

    /** {@code task} with {@code text} in place of its document's text. */
    static TaskData withText(AgentTask task, String text) {
        return new TaskData(task.jobId(), task.taskId(), task.agent(), task.attempt(), text, task.contentType(),
                task.parameters(), task.submittedAt(), task.deadline());
    }
}
