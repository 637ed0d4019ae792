package dev.switchboard.report.aggregator;

import dev.switchboard.contracts.config.ConfigException;
import dev.switchboard.contracts.config.ConfigSource;
import java.time.Duration;

/** Immutable settings of the aggregator; {@link #from(ConfigSource)} reads {@code SWITCHBOARD_AGGREGATOR_*}. */
public final class AggregatorConfig {
    public static final String DEFAULT_APPLICATION_ID = "switchboard-report-aggregator";
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(10);
    public static final Duration DEFAULT_ORPHAN_TTL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_PUNCTUATE_INTERVAL = Duration.ofSeconds(1);
    /** The latest deadline a job may have, counted from when the aggregator sees its manifest (the orchestrator's limit too). */
    public static final Duration DEFAULT_MAX_DEADLINE = Duration.ofHours(24);
    /** Stream threads replaced within {@link #DEFAULT_THREAD_REPLACEMENT_WINDOW} before the client shuts down instead. */
    public static final int DEFAULT_MAX_THREAD_REPLACEMENTS = 3;
    /** Longer deadlines than this are a configuration mistake (and would push time-index keys past 13 digits). */
    static final Duration MAX_MAX_DEADLINE = Duration.ofDays(365);
    public static final Duration DEFAULT_THREAD_REPLACEMENT_WINDOW = Duration.ofMinutes(10);

    private final String applicationId;
    private final Duration grace;
    private final Duration orphanTtl;
    private final Duration punctuateInterval;
    private final String stateDir;
    private final Duration maxDeadline;
    private final int maxThreadReplacements;
    private final Duration threadReplacementWindow;

    private AggregatorConfig(Builder b) {
        this.applicationId = b.applicationId;
        this.grace = b.grace;
        this.orphanTtl = b.orphanTtl;
        this.punctuateInterval = b.punctuateInterval;
        this.stateDir = b.stateDir;
        this.maxDeadline = b.maxDeadline;
        this.maxThreadReplacements = b.maxThreadReplacements;
        this.threadReplacementWindow = b.threadReplacementWindow;
    }

    public static AggregatorConfig ofDefaults() {
        return custom().build();
    }

    public static Builder custom() {
        return new Builder();
    }

    /**
     * {@code SWITCHBOARD_AGGREGATOR_APPLICATION_ID}, {@code _GRACE}, {@code _ORPHAN_TTL}, {@code _STATE_DIR}, and
     * {@code SWITCHBOARD_MAX_DEADLINE} (shared with the orchestrator, which refuses longer deadlines at the door).
     */
    public static AggregatorConfig from(ConfigSource source) {
        Builder b = custom()
                .applicationId(source.get("aggregator.application.id", DEFAULT_APPLICATION_ID))
                .grace(source.getDuration("aggregator.grace", DEFAULT_GRACE))
                .orphanTtl(source.getDuration("aggregator.orphan.ttl", DEFAULT_ORPHAN_TTL))
                .maxDeadline(source.getDuration("max.deadline", DEFAULT_MAX_DEADLINE));
        source.get("aggregator.state.dir").ifPresent(b::stateDir);
        return b.build();
    }

    public String applicationId() {
        return applicationId;
    }

    /** How long a job's state outlives its report, to recognise duplicates and late results. */
    public Duration grace() {
        return grace;
    }

    /** How long results wait for their manifest before they are dropped. */
    public Duration orphanTtl() {
        return orphanTtl;
    }

    public Duration punctuateInterval() {
        return punctuateInterval;
    }

    /** Kafka Streams state directory, or {@code null} for its default. */
    public String stateDir() {
        return stateDir;
    }

    /**
     * Deadlines are clamped to at most this long after the aggregator sees the manifest (and never before the job was
     * submitted), so a hostile-but-valid deadline cannot keep a job open for ever or overflow the time index.
     */
    public Duration maxDeadline() {
        return maxDeadline;
    }

    /** How many stream threads may be replaced within {@link #threadReplacementWindow()} before the client shuts down. */
    public int maxThreadReplacements() {
        return maxThreadReplacements;
    }

    public Duration threadReplacementWindow() {
        return threadReplacementWindow;
    }

    public static final class Builder {
        private String applicationId = DEFAULT_APPLICATION_ID;
        private Duration grace = DEFAULT_GRACE;
        private Duration orphanTtl = DEFAULT_ORPHAN_TTL;
        private Duration punctuateInterval = DEFAULT_PUNCTUATE_INTERVAL;
        private String stateDir;
        private Duration maxDeadline = DEFAULT_MAX_DEADLINE;
        private int maxThreadReplacements = DEFAULT_MAX_THREAD_REPLACEMENTS;
        private Duration threadReplacementWindow = DEFAULT_THREAD_REPLACEMENT_WINDOW;

        private Builder() {
        }

        public Builder applicationId(String id) {
            this.applicationId = id;
            return this;
        }

        public Builder grace(Duration grace) {
            this.grace = grace;
            return this;
        }

        public Builder orphanTtl(Duration ttl) {
            this.orphanTtl = ttl;
            return this;
        }

        public Builder punctuateInterval(Duration interval) {
            this.punctuateInterval = interval;
            return this;
        }

        public Builder stateDir(String dir) {
            this.stateDir = dir;
            return this;
        }

        public Builder maxDeadline(Duration maxDeadline) {
            this.maxDeadline = maxDeadline;
            return this;
        }

        /** Stream threads replaced within {@code window} before a further failure shuts the client down; 0 never replaces. */
        public Builder threadReplacements(int max, Duration window) {
            this.maxThreadReplacements = max;
            this.threadReplacementWindow = window;
            return this;
        }

        public AggregatorConfig build() {
            if (applicationId == null || applicationId.isBlank()) {
                throw new ConfigException("SWITCHBOARD_AGGREGATOR_APPLICATION_ID must not be blank");
            }
            for (Duration d : new Duration[] {grace, orphanTtl, punctuateInterval, threadReplacementWindow}) {
                if (d == null || d.isNegative() || d.isZero()) {
                    throw new ConfigException("aggregator durations (grace, orphan TTL, punctuation, thread replacement window) "
                            + "must be positive");
                }
            }
            if (maxDeadline == null || maxDeadline.isNegative() || maxDeadline.isZero() || maxDeadline.compareTo(MAX_MAX_DEADLINE) > 0) {
                throw new ConfigException("SWITCHBOARD_MAX_DEADLINE must be positive and at most " + MAX_MAX_DEADLINE.toDays()
                        + " days, was " + maxDeadline);
            }
            if (maxThreadReplacements < 0) {
                throw new ConfigException("the aggregator's maximum stream thread replacements must be 0 or more, was "
                        + maxThreadReplacements);
            }
            return new AggregatorConfig(this);
        }
    }
}
