package dev.switchboard.contracts.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
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
        Instant heartbeatAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Signals signals) implements Versioned {

    public enum Status { UP, STOPPED }

    /** A registration without signals (as agents sent before signals existed). */
    public AgentRegistration(int version, String agent, String instanceId, String outputType, JsonNode outputSchema,
                             int concurrency, Status status, Instant startedAt, Instant heartbeatAt) {
        this(version, agent, instanceId, outputType, outputSchema, concurrency, status, startedAt, heartbeatAt, null);
    }

    /**
     * What the instance reported at its heartbeat (decision 0033): its unfetched task records, the age of its oldest
     * unfinished task, the tasks it is handling, and its process's use of each coordinated provider account's quota
     * (empty when it calls none). A null entry (a hostile or broken heartbeat) is dropped, so the record still reads.
     */
    public record Signals(long lagRecords, double oldestTaskAgeSeconds, int inFlight, List<Quota> quota) {
        public Signals {
            quota = quota == null ? List.of() : quota.stream().filter(Objects::nonNull).toList();
        }
    }

    /** One provider account's quota as this process sees it: the account's limits, this process's share and use. */
    public record Quota(String account, int members, Amounts requestsPerSecond, Amounts tokensPerMinute) {
    }

    /** The account's {@code limit}, this process's {@code share} of it, and what it {@code used} of the share. */
    public record Amounts(long limit, long share, long used) {
    }

    public AgentRegistration {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(heartbeatAt, "heartbeatAt");
    }
}
