package dev.switchboard.report.aggregator;

import dev.switchboard.core.config.ConfigException;
import dev.switchboard.core.config.ConfigSource;
import java.time.Duration;

/** Immutable settings of the aggregator; {@link #from(ConfigSource)} reads {@code SWITCHBOARD_AGGREGATOR_*}. */
public final class AggregatorConfig {
    public static final String DEFAULT_APPLICATION_ID = "switchboard-report-aggregator";
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(10);
    public static final Duration DEFAULT_ORPHAN_TTL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_PUNCTUATE_INTERVAL = Duration.ofSeconds(1);

    private final String applicationId;
    private final Duration grace;
    private final Duration orphanTtl;
    private final Duration punctuateInterval;
    private final String stateDir;

    private AggregatorConfig(Builder b) {
        this.applicationId = b.applicationId;
        this.grace = b.grace;
        this.orphanTtl = b.orphanTtl;
        this.punctuateInterval = b.punctuateInterval;
        this.stateDir = b.stateDir;
    }

    public static AggregatorConfig ofDefaults() {
        return custom().build();
    }

    public static Builder custom() {
        return new Builder();
    }

    /** {@code SWITCHBOARD_AGGREGATOR_APPLICATION_ID}, {@code _GRACE}, {@code _ORPHAN_TTL}, {@code _STATE_DIR}. */
    public static AggregatorConfig from(ConfigSource source) {
        Builder b = custom()
                .applicationId(source.get("aggregator.application.id", DEFAULT_APPLICATION_ID))
                .grace(source.getDuration("aggregator.grace", DEFAULT_GRACE))
                .orphanTtl(source.getDuration("aggregator.orphan.ttl", DEFAULT_ORPHAN_TTL));
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

    public static final class Builder {
        private String applicationId = DEFAULT_APPLICATION_ID;
        private Duration grace = DEFAULT_GRACE;
        private Duration orphanTtl = DEFAULT_ORPHAN_TTL;
        private Duration punctuateInterval = DEFAULT_PUNCTUATE_INTERVAL;
        private String stateDir;

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

        public AggregatorConfig build() {
            if (applicationId == null || applicationId.isBlank()) {
                throw new ConfigException("SWITCHBOARD_AGGREGATOR_APPLICATION_ID must not be blank");
            }
            for (Duration d : new Duration[] {grace, orphanTtl, punctuateInterval}) {
                if (d == null || d.isNegative() || d.isZero()) {
                    throw new ConfigException("aggregator durations (grace, orphan TTL, punctuation) must be positive");
                }
            }
            return new AggregatorConfig(this);
        }
    }
}
