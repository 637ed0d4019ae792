package dev.switchboard.contracts.message;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * An agent instance announcing itself on the compacted {@code switchboard.agents} topic, keyed by
 * agent name. Sent at start, as a heartbeat, and with {@link Status#STOPPED} on a clean shutdown.
 */
public record AgentRegistration(
        int version,
        String agent,
        String instanceId,
        String outputType,
        JsonNode outputSchema,
        int concurrency,
        Status status,
        Instant startedAt,
        Instant heartbeatAt) implements Versioned {

    public enum Status { UP, STOPPED }

    public AgentRegistration {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(heartbeatAt, "heartbeatAt");
    }
}
