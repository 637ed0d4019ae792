package dev.switchboard.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** One task as an agent sees it: the document, the job's parameters, and where the task stands. */
public interface AgentTask {

    UUID jobId();

    /** The idempotency key of this work: a retry or redelivery keeps it. */
    UUID taskId();

    /** The agent the task is for. */
    String agent();

    /** This attempt's number, starting at 1. */
    int attempt();

    /** The document's text. */
    String text();

    /** The document's media type, e.g. {@code text/plain}. */
    String contentType();

    /** The job's parameters for this agent, a JSON object (empty when none were given). */
    JsonNode parameters();

    /** One parameter as text (a number or boolean as written; an object or array as JSON), if given and not null. */
    default Optional<String> parameter(String name) {
        JsonNode value = parameters().get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        return Optional.of(value.isValueNode() ? value.asText() : value.toString());
    }

    Instant submittedAt();

    /** When the job must be done; work past it is wasted. */
    Instant deadline();

    /**
     * The results of the agents this agent needs, as {@link AgentContext#inputs()} gives them: here too for an
     * {@link OfflineModel}, which gets only the task. Empty for an agent that needs none.
     */
    default Map<String, Input> inputs() {
        return Map.of();
    }
}
