package dev.switchboard.core.config;

import dev.switchboard.contracts.config.ConfigException;
import dev.switchboard.contracts.config.ConfigSource;
import java.time.Duration;
import java.util.UUID;

/** Immutable settings of one agent worker process: concurrency, commit cadence, shutdown drain. */
public final class WorkerConfig {
    public static final int DEFAULT_CONCURRENCY = 16;
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofMillis(100);
    public static final int MAX_CONCURRENCY = 1024;
    /** A record in flight during this many process crashes is dead-lettered as {@code POISON_RECORD}. */
    public static final int DEFAULT_MAX_CRASHES = 3;

    private final int concurrency;
    private final Duration commitInterval;
    private final Duration drainTimeout;
    private final Duration heartbeatInterval;
    private final Duration pollTimeout;
    private final String instanceId;
    private final String groupId;
    private final int maxCrashes;

    private WorkerConfig(Builder b) {
        this.concurrency = b.concurrency;
        this.commitInterval = b.commitInterval;
        this.drainTimeout = b.drainTimeout;
        this.heartbeatInterval = b.heartbeatInterval;
        this.pollTimeout = b.pollTimeout;
        this.instanceId = b.instanceId;
        this.groupId = b.groupId;
        this.maxCrashes = b.maxCrashes;
    }

    public static WorkerConfig ofDefaults() {
        return custom().build();
    }

    public static Builder custom() {
        return new Builder();
    }

    /**
     * Reads {@code SWITCHBOARD_AGENT_CONCURRENCY}, {@code _COMMIT_INTERVAL}, {@code _DRAIN_TIMEOUT},
     * {@code _HEARTBEAT_INTERVAL}, {@code _MAX_CRASHES}, {@code _INSTANCE_ID}, {@code _GROUP_ID}.
     */
    public static WorkerConfig from(ConfigSource source) {
        Builder b = custom()
                .concurrency(source.getInt("agent.concurrency", DEFAULT_CONCURRENCY))
                .commitInterval(source.getDuration("agent.commit.interval", DEFAULT_COMMIT_INTERVAL))
                .drainTimeout(source.getDuration("agent.drain.timeout", DEFAULT_DRAIN_TIMEOUT))
                .heartbeatInterval(source.getDuration("agent.heartbeat.interval", DEFAULT_HEARTBEAT_INTERVAL))
                .maxCrashes(source.getInt("agent.max.crashes", DEFAULT_MAX_CRASHES));
        source.get("agent.instance.id").ifPresent(b::instanceId);
        source.get("agent.group.id").ifPresent(b::groupId);
        return b.build();
    }

    /** Tasks processed at once by this instance. */
    public int concurrency() {
        return concurrency;
    }

    public Duration commitInterval() {
        return commitInterval;
    }

    /** How long a closing worker waits for in-flight tasks before it stops without committing them. */
    public Duration drainTimeout() {
        return drainTimeout;
    }

    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    public Duration pollTimeout() {
        return pollTimeout;
    }

    public String instanceId() {
        return instanceId;
    }

    /** How many process crashes a record may be in flight during before it is dead-lettered as a poison record. */
    public int maxCrashes() {
        return maxCrashes;
    }

    /** The consumer group, or {@code null} for the default {@code switchboard-agent-<name>}. */
    public String groupId() {
        return groupId;
    }

    /** The same settings under another instance id (several workers of one process). */
    public WorkerConfig withInstanceId(String id) {
        return custom().concurrency(concurrency).commitInterval(commitInterval).drainTimeout(drainTimeout)
                .heartbeatInterval(heartbeatInterval).pollTimeout(pollTimeout).groupId(groupId).maxCrashes(maxCrashes)
                .instanceId(id).build();
    }

    public String groupIdFor(String agent) {
        return groupId != null ? groupId : "switchboard-agent-" + agent;
    }

    public static final class Builder {
        private int concurrency = DEFAULT_CONCURRENCY;
        private Duration commitInterval = DEFAULT_COMMIT_INTERVAL;
        private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private Duration pollTimeout = DEFAULT_POLL_TIMEOUT;
        private String instanceId = UUID.randomUUID().toString();
        private String groupId;
        private int maxCrashes = DEFAULT_MAX_CRASHES;

        private Builder() {
        }

        public Builder maxCrashes(int maxCrashes) {
            this.maxCrashes = maxCrashes;
            return this;
        }

        public Builder concurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        public Builder commitInterval(Duration commitInterval) {
            this.commitInterval = commitInterval;
            return this;
        }

        public Builder drainTimeout(Duration drainTimeout) {
            this.drainTimeout = drainTimeout;
            return this;
        }

        public Builder heartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
            return this;
        }

        public Builder pollTimeout(Duration pollTimeout) {
            this.pollTimeout = pollTimeout;
            return this;
        }

        public Builder instanceId(String instanceId) {
            this.instanceId = instanceId;
            return this;
        }

        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        public WorkerConfig build() {
            if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
                throw new ConfigException("SWITCHBOARD_AGENT_CONCURRENCY must be between 1 and " + MAX_CONCURRENCY + ", was " + concurrency);
            }
            if (maxCrashes < 1 || maxCrashes > 100) {
                throw new ConfigException("SWITCHBOARD_AGENT_MAX_CRASHES must be between 1 and 100, was " + maxCrashes);
            }
            requirePositive("SWITCHBOARD_AGENT_COMMIT_INTERVAL", commitInterval);
            requirePositive("SWITCHBOARD_AGENT_DRAIN_TIMEOUT", drainTimeout);
            requirePositive("SWITCHBOARD_AGENT_HEARTBEAT_INTERVAL", heartbeatInterval);
            requirePositive("pollTimeout", pollTimeout);
            if (instanceId == null || instanceId.isBlank()) {
                throw new ConfigException("SWITCHBOARD_AGENT_INSTANCE_ID must not be blank");
            }
            return new WorkerConfig(this);
        }

        private static void requirePositive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new ConfigException(name + " must be a positive duration, was " + d);
            }
        }
    }
}
