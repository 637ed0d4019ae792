package dev.switchboard.core.config;

import dev.switchboard.contracts.config.ConfigException;
import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.Setting;
import java.time.Duration;
import java.util.UUID;

/**
 * Immutable settings of one agent worker process: concurrency, commit cadence, shutdown drain. Each setting's variable,
 * default and check is one {@link Setting}; a copy with one change is {@code WorkerConfig.from(config).instanceId(x).build()}.
 *
 * @param groupId the consumer group (or share group), or {@code null} for the default {@code switchboard-agent-<name>}
 */
public record WorkerConfig(int concurrency, Duration commitInterval, Duration drainTimeout, Duration heartbeatInterval,
                           Duration pollTimeout, String instanceId, String groupId, int maxCrashes, LlmCallsConfig llmCalls,
                           Consumption consumption) {
    public static final int MAX_CONCURRENCY = 1024;
    /** Tasks processed at once by this instance. */
    public static final Setting<Integer> CONCURRENCY = Setting.ofInt("agent.concurrency", 16)
            .must("between 1 and " + MAX_CONCURRENCY, c -> c >= 1 && c <= MAX_CONCURRENCY);
    public static final Setting<Duration> COMMIT_INTERVAL = Setting.ofDuration("agent.commit.interval", Duration.ofSeconds(1))
            .must("a positive duration", Setting::positive);
    /** How long a closing worker waits for in-flight tasks before it stops without committing them. */
    public static final Setting<Duration> DRAIN_TIMEOUT = Setting.ofDuration("agent.drain.timeout", Duration.ofSeconds(30))
            .must("a positive duration", Setting::positive);
    public static final Setting<Duration> HEARTBEAT_INTERVAL = Setting.ofDuration("agent.heartbeat.interval", Duration.ofSeconds(10))
            .must("a positive duration", Setting::positive);
    /** Builder only: not read from the environment. */
    public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofMillis(100);
    public static final Setting<String> INSTANCE_ID = Setting.ofString("agent.instance.id", null)
            .must("a non-blank id", id -> !id.isBlank());
    public static final Setting<String> GROUP_ID = Setting.ofString("agent.group.id", null);
    /** A record in flight during this many process crashes is dead-lettered as {@code POISON_RECORD}. */
    public static final Setting<Integer> MAX_CRASHES = Setting.ofInt("agent.max.crashes", 3)
            .must("between 1 and 100", n -> n >= 1 && n <= 100);
    /**
     * The largest {@link #MAX_CRASHES} in share mode: the group's delivery count limit is max crashes + 2 (decision
     * 0038), and the broker refuses one above its {@code group.share.max.delivery.count.limit}, 10 by default.
     */
    public static final int SHARE_MAX_CRASHES = 8;
    /** {@code group} (a consumer group, the default) or {@code share} (a Kafka share group: a queue, decision 0038). */
    public static final Setting<Consumption> CONSUMPTION = Setting.of("agent.consumption", Consumption.GROUP, Consumption::parse);

    public WorkerConfig {
        CONCURRENCY.check(concurrency);
        COMMIT_INTERVAL.check(commitInterval);
        DRAIN_TIMEOUT.check(drainTimeout);
        HEARTBEAT_INTERVAL.check(heartbeatInterval);
        if (pollTimeout == null || !Setting.positive(pollTimeout)) {
            throw new ConfigException("pollTimeout must be a positive duration, was " + pollTimeout);
        }
        INSTANCE_ID.check(instanceId);
        MAX_CRASHES.check(maxCrashes);
        llmCalls = llmCalls == null ? LlmCallsConfig.ofDefaults() : llmCalls;
        consumption = consumption == null ? CONSUMPTION.defaultValue() : consumption;
        if (consumption == Consumption.SHARE && maxCrashes > SHARE_MAX_CRASHES) {
            throw new ConfigException(MAX_CRASHES.envName() + " must be at most " + SHARE_MAX_CRASHES + " when "
                    + CONSUMPTION.envName() + "=share, was " + maxCrashes + ": the share group's delivery count limit is "
                    + "max crashes + 2, and the broker's group.share.max.delivery.count.limit is 10 by default");
        }
    }

    /** On a consumer group. */
    public WorkerConfig(int concurrency, Duration commitInterval, Duration drainTimeout, Duration heartbeatInterval,
                        Duration pollTimeout, String instanceId, String groupId, int maxCrashes, LlmCallsConfig llmCalls) {
        this(concurrency, commitInterval, drainTimeout, heartbeatInterval, pollTimeout, instanceId, groupId, maxCrashes, llmCalls, null);
    }

    /** Without price table or answer cache. */
    public WorkerConfig(int concurrency, Duration commitInterval, Duration drainTimeout, Duration heartbeatInterval,
                        Duration pollTimeout, String instanceId, String groupId, int maxCrashes) {
        this(concurrency, commitInterval, drainTimeout, heartbeatInterval, pollTimeout, instanceId, groupId, maxCrashes, null, null);
    }

    public static WorkerConfig ofDefaults() {
        return custom().build();
    }

    public static Builder custom() {
        return new Builder();
    }

    /** A builder that starts from {@code prototype}: every setting as there, until changed. */
    public static Builder from(WorkerConfig prototype) {
        return new Builder(prototype);
    }

    /**
     * Reads {@code SWITCHBOARD_AGENT_CONCURRENCY}, {@code _COMMIT_INTERVAL}, {@code _DRAIN_TIMEOUT},
     * {@code _HEARTBEAT_INTERVAL}, {@code _MAX_CRASHES}, {@code _INSTANCE_ID}, {@code _GROUP_ID}, {@code _CONSUMPTION}, and the price table and
     * answer cache ({@link LlmCallsConfig#from}).
     */
    public static WorkerConfig from(ConfigSource source) {
        String instanceId = INSTANCE_ID.read(source);
        return new WorkerConfig(CONCURRENCY.read(source), COMMIT_INTERVAL.read(source), DRAIN_TIMEOUT.read(source),
                HEARTBEAT_INTERVAL.read(source), DEFAULT_POLL_TIMEOUT, instanceId != null ? instanceId : randomId(),
                GROUP_ID.read(source), MAX_CRASHES.read(source), LlmCallsConfig.from(source), CONSUMPTION.read(source));
    }

    /** The same settings under another instance id (several workers of one process). */
    public WorkerConfig withInstanceId(String id) {
        return from(this).instanceId(id).build();
    }

    public String groupIdFor(String agent) {
        return groupId != null ? groupId : "switchboard-agent-" + agent;
    }

    private static String randomId() {
        return UUID.randomUUID().toString();
    }

    public static final class Builder {
        private int concurrency = CONCURRENCY.defaultValue();
        private Duration commitInterval = COMMIT_INTERVAL.defaultValue();
        private Duration drainTimeout = DRAIN_TIMEOUT.defaultValue();
        private Duration heartbeatInterval = HEARTBEAT_INTERVAL.defaultValue();
        private Duration pollTimeout = DEFAULT_POLL_TIMEOUT;
        private String instanceId = randomId();
        private String groupId = GROUP_ID.defaultValue();
        private int maxCrashes = MAX_CRASHES.defaultValue();
        private LlmCallsConfig llmCalls = LlmCallsConfig.ofDefaults();
        private Consumption consumption = CONSUMPTION.defaultValue();

        private Builder() {
        }

        private Builder(WorkerConfig p) {
            concurrency(p.concurrency).commitInterval(p.commitInterval).drainTimeout(p.drainTimeout)
                    .heartbeatInterval(p.heartbeatInterval).pollTimeout(p.pollTimeout).instanceId(p.instanceId)
                    .groupId(p.groupId).maxCrashes(p.maxCrashes).llmCalls(p.llmCalls).consumption(p.consumption);
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

        public Builder maxCrashes(int maxCrashes) {
            this.maxCrashes = maxCrashes;
            return this;
        }

        /** The price table and the answer cache. */
        public Builder llmCalls(LlmCallsConfig llmCalls) {
            this.llmCalls = llmCalls;
            return this;
        }

        /** A consumer group (the default) or a share group. */
        public Builder consumption(Consumption consumption) {
            this.consumption = consumption;
            return this;
        }

        public WorkerConfig build() {
            return new WorkerConfig(concurrency, commitInterval, drainTimeout, heartbeatInterval, pollTimeout, instanceId,
                    groupId, maxCrashes, llmCalls, consumption);
        }
    }
}
