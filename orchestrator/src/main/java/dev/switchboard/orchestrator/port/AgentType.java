package dev.switchboard.orchestrator.port;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** One agent type as announced on {@code switchboard.agents}: its instances, how many are live, its output schema. */
public record AgentType(String name, int liveInstances, Instant lastHeartbeat, JsonNode outputSchema, List<Instance> instances) {

    /** One running instance of the agent type. */
    public record Instance(String instanceId, String status, boolean live, int concurrency, Instant startedAt, Instant lastHeartbeat) {
    }
}
