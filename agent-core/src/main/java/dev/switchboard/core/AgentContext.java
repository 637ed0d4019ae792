package dev.switchboard.core;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

/** What the runtime hands an agent for one task, besides the task itself. */
public interface AgentContext {

    /** The model, through the process's rate-limited gateway. */
    LlmClient llm();

    /** The clock to read time from (tests inject a fixed one). */
    Clock clock();

    /** A logger whose lines carry the job id, task id and agent (as MDC keys {@code jobId}, {@code taskId}, {@code agent}). */
    Logger log();

    /** Time left until the task's {@link AgentTask#deadline() deadline} by {@link #clock()}, never negative. */
    Duration remaining();

    /**
     * The results of the agents this agent needs ({@code needs:} in topics.yaml), by agent, in the order declared: each
     * OK with its output or FAILED with its error. Empty for an agent that needs none.
     */
    default Map<String, Input> inputs() {
        return Map.of();
    }

    /**
     * The output of {@code agent}, one this agent needs, read as {@code type}. Throws {@link NonRetriableTaskException}
     * ({@code INPUT_FAILED}) when that agent failed or its output does not read as {@code type}, and
     * {@link IllegalArgumentException} when {@code agent} is not among this agent's needs. Use {@link #findInput} to
     * work on without it.
     */
    default <T> T input(String agent, Class<T> type) {
        Input input = inputs().get(agent);
        if (input == null) {
            throw new IllegalArgumentException("no input '" + agent + "': this task's inputs are " + inputs().keySet()
                    + " (declare it under the agent's needs: in topics.yaml)");
        }
        return input.as(type);
    }

    /** The output of {@code agent} read as {@code type}, or empty when it failed, is unreadable or is not an input. */
    default <T> Optional<T> findInput(String agent, Class<T> type) {
        Input input = inputs().get(agent);
        if (input == null || !input.ok()) {
            return Optional.empty();
        }
        try {
            return Optional.of(input.as(type));
        } catch (NonRetriableTaskException e) {
            return Optional.empty();
        }
    }
}
