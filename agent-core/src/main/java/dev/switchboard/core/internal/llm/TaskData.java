package dev.switchboard.core.internal.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.Budget;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.core.AgentTask;
import dev.switchboard.core.Input;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A task as an agent and its offline model read it: the wire {@link Task}'s fields, or another task's with the text of
 * the part of its document one prompt is about (a chunk). For the task's model client it also carries the task's token
 * budget ({@code null}: none) and its view of the call journal; neither is part of the author API. {@code inputs} are the
 * results of the agents it needs, for its {@link dev.switchboard.core.AgentContext}.
 */
public record TaskData(UUID jobId, UUID taskId, String agent, int attempt, String text, String contentType,
                       JsonNode parameters, Instant submittedAt, Instant deadline, Budget budget,
                       TaskJournal journal, Map<String, Input> inputs) implements AgentTask {

    public TaskData {
        journal = journal == null ? TaskJournal.NONE : journal;
        inputs = inputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }

    /** The task of a record from a task topic, without a call journal. */
    public static TaskData of(Task task) {
        return of(task, TaskJournal.NONE);
    }

    /** The task of a record from a task topic, with its attempt's view of the call journal. */
    public static TaskData of(Task task, TaskJournal journal) {
        return new TaskData(task.jobId(), task.taskId(), task.agent(), task.attempt(), task.document().text(),
                task.document().contentType(), task.parameters(), task.submittedAt(), task.deadline(), task.budget(), journal,
                inputsOf(task.inputs()));
    }

    /** The author API's view of a task's inputs. */
    public static Map<String, Input> inputsOf(Map<String, AgentResult> results) {
        Map<String, Input> inputs = new LinkedHashMap<>();
        results.forEach((agent, r) -> inputs.put(agent, new Input(agent, r.isOk(), r.output(), r.headline(),
                r.error() == null ? null : r.error().type(), r.error() == null ? null : r.error().message())));
        return inputs;
    }

    /** {@code task} with {@code text} in place of its document's text. */
    static TaskData withText(AgentTask task, String text) {
        TaskData data = task instanceof TaskData d ? d : null;
        return new TaskData(task.jobId(), task.taskId(), task.agent(), task.attempt(), text, task.contentType(),
                task.parameters(), task.submittedAt(), task.deadline(), data == null ? null : data.budget(),
                data == null ? null : data.journal(), data == null ? null : data.inputs());
    }
}
