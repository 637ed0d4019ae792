package dev.switchboard.core.testagents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.core.AgentTask;
import java.time.Instant;
import java.util.UUID;

/** A task for tests that call a gateway or an offline model directly, without a worker. */
public record TestTask(UUID jobId, UUID taskId, String agent, int attempt, String text, String contentType,
                       JsonNode parameters, Instant submittedAt, Instant deadline) implements AgentTask {

    public static TestTask of(String text) {
        Instant now = Instant.now();
        return new TestTask(UUID.randomUUID(), UUID.randomUUID(), "test", 1, text, "text/plain",
                JsonNodeFactory.instance.objectNode(), now, now.plusSeconds(300));
    }
}
