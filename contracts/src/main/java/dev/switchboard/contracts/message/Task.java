package dev.switchboard.contracts.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One agent's work on one job. {@code taskId} is the idempotency key of that work: a retried or
 * redelivered task keeps it, so duplicates can be dropped downstream. {@code budget} is the task's share of the job's
 * token budget ({@code null}: none). {@code inputs} are the results of the agents this agent needs, by agent (OK or
 * FAILED; empty for a task of the first stage, and in tasks written before workflows existed; decision 0030).
 */
public record Task(
        int version,
        UUID jobId,
        UUID taskId,
        String agent,
        int attempt,
        Document document,
        JsonNode parameters,
        Instant submittedAt,
        Instant deadline,
        Budget budget,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, AgentResult> inputs) implements Versioned {

    public Task {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(submittedAt, "submittedAt");
        Objects.requireNonNull(deadline, "deadline");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1, was " + attempt);
        }
        parameters = parameters == null ? JsonNodeFactory.instance.objectNode() : parameters;
        inputs = inputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }

    /** A task of the first stage (no inputs). */
    public Task(int version, UUID jobId, UUID taskId, String agent, int attempt, Document document, JsonNode parameters,
                Instant submittedAt, Instant deadline, Budget budget) {
        this(version, jobId, taskId, agent, attempt, document, parameters, submittedAt, deadline, budget, null);
    }

    /** A task without a budget (and one read from a record written before budgets existed). */
    public Task(int version, UUID jobId, UUID taskId, String agent, int attempt, Document document, JsonNode parameters,
                Instant submittedAt, Instant deadline) {
        this(version, jobId, taskId, agent, attempt, document, parameters, submittedAt, deadline, null);
    }

    /** A first attempt of a new task. */
    public static Task create(UUID jobId, String agent, Document document, JsonNode parameters,
                              Instant submittedAt, Instant deadline) {
        return new Task(CURRENT_VERSION, jobId, Ids.newId(), agent, 1, document, parameters, submittedAt, deadline);
    }

    /** The same task, to be tried once more. */
    public Task nextAttempt() {
        return new Task(CURRENT_VERSION, jobId, taskId, agent, attempt + 1, document, parameters, submittedAt, deadline, budget,
                inputs);
    }

    /** The same task with its share of the job's token budget ({@code null}: none). */
    public Task withBudget(Budget budget) {
        return new Task(version, jobId, taskId, agent, attempt, document, parameters, submittedAt, deadline, budget, inputs);
    }

    /** The same task with the results of the agents it needs. */
    public Task withInputs(Map<String, AgentResult> inputs) {
        return new Task(version, jobId, taskId, agent, attempt, document, parameters, submittedAt, deadline, budget, inputs);
    }

    public boolean isPastDeadline(Instant now) {
        return now.isAfter(deadline);
    }
}
