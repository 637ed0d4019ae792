package dev.switchboard.orchestrator.port;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.message.AgentRegistration;
import java.time.Instant;
import java.util.List;

/**
 * One agent type as announced on {@code switchboard.agents}: its instances, how many are live, its output schema, and
 * the {@code signals} of its live instances combined (null when none of them sent any; decision 0033).
 */
public record AgentType(String name, int liveInstances, Instant lastHeartbeat, JsonNode outputSchema, List<Instance> instances,
                        AgentRegistration.Signals signals) {

    public AgentType(String name, int liveInstances, Instant lastHeartbeat, JsonNode outputSchema, List<Instance> instances) {
        this(name, liveInstances, lastHeartbeat, outputSchema, instances, null);
    }

    /** One running instance of the agent type; {@code signals} as its latest heartbeat sent them (null: none, an older agent). */
    public record Instance(String instanceId, String status, boolean live, int concurrency, Instant startedAt, Instant lastHeartbeat,
                           AgentRegistration.Signals signals) {

        public Instance(String instanceId, String status, boolean live, int concurrency, Instant startedAt, Instant lastHeartbeat) {
            this(instanceId, status, live, concurrency, startedAt, lastHeartbeat, null);
        }
    }
}
