package dev.switchboard.report.aggregator;

import dev.switchboard.contracts.config.ConfigException;
import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.Setting;
import java.time.Duration;

/**
 * Immutable settings of the aggregator; {@link #from(ConfigSource)} reads {@code SWITCHBOARD_AGGREGATOR_*} and
 * {@code SWITCHBOARD_MAX_DEADLINE}; {@link #custom()} and {@link #from(AggregatorConfig)} build; the constructor validates.
 *
 * @param grace how long a job's state outlives its report, to recognise duplicates and late results
 * @param orphanTtl how long results wait for their manifest before they are dropped
 * @param stateDir Kafka Streams state directory, or {@code null} for its default
 * @param maxDeadline deadlines are clamped to at most this long after the aggregator sees the manifest (and never before
 *        the job was submitted), so a hostile-but-valid deadline cannot keep a job open for ever or overflow the time index
 * @param maxThreadReplacements how many stream threads may be replaced within {@code threadReplacementWindow} before
 *        the client shuts down
 * @param amendWindow how long after its first report a job's state is kept so a replayed dead letter's result can amend
 *        it with a new revision (decision 0025); {@link Duration#ZERO} never amends (state is kept {@code grace})
 * @param rocksDbMemory bytes of off-heap memory all the RocksDB stores of the process share: block cache, index and
 *        filter blocks and memtables ({@link BoundedRocksDbConfig}); without a bound each store instance takes its own
 */
public record AggregatorConfig(String applicationId, Duration grace, Duration orphanTtl, Duration punctuateInterval,
                               String stateDir, Duration maxDeadline, int maxThreadReplacements,
                               Duration threadReplacementWindow, Duration amendWindow, long rocksDbMemory) {
    /** Longer deadlines than this are a configuration mistake (and would push time-index keys past 13 digits). */
    static final Duration MAX_MAX_DEADLINE = Duration.ofDays(365);
    public static final Setting<String> APPLICATION_ID = Setting.ofString("aggregator.application.id", "switchboard-report-aggregator")
            .must("a non-blank id", id -> !id.isBlank());
    public static final Setting<Duration> GRACE = Setting.ofDuration("aggregator.grace", Duration.ofMinutes(10))
            .must("a positive duration", Setting::positive);
    public static final Setting<Duration> ORPHAN_TTL = Setting.ofDuration("aggregator.orphan.ttl", Duration.ofMinutes(10))
            .must("a positive duration", Setting::positive);
    public static final Setting<String> STATE_DIR = Setting.ofString("aggregator.state.dir", null);
    /** Shared with the orchestrator, which refuses longer deadlines at the door. */
    public static final Setting<Duration> MAX_DEADLINE = Setting.ofDuration("max.deadline", Duration.ofHours(24))
            .must("positive and at most " + MAX_MAX_DEADLINE.toDays() + " days",
                    d -> Setting.positive(d) && d.compareTo(MAX_MAX_DEADLINE) <= 0);
    /** As long as {@code switchboard.jobs} and {@code switchboard.results} keep a job (7 days): its state costs disk that long. */
    public static final Setting<Duration> AMEND_WINDOW = Setting.ofDuration("aggregator.amend.window", Duration.ofDays(7))
            .must("zero (never amend) or positive, at most " + MAX_MAX_DEADLINE.toDays() + " days",
                    d -> !d.isNegative() && d.compareTo(MAX_MAX_DEADLINE) <= 0);
    /**
     * The RocksDB memory bound, 128 MiB by default: a fixed amount to size the process by (heap + this + the JVM's own;
     * deploy/kubernetes/aggregator.yaml). Less means more reads from disk once the state outgrows the cache, not failures.
     */
    public static final Setting<Long> ROCKSDB_MEMORY = Setting.ofLong("aggregator.rocksdb.memory", 128L * 1024 * 1024)
            .must("at least 16 MiB (16777216)", n -> n >= 16L * 1024 * 1024);
    public static final String DEFAULT_APPLICATION_ID = APPLICATION_ID.defaultValue();
    /** The latest deadline a job may have, counted from when the aggregator sees its manifest (the orchestrator's limit too). */
    public static final Duration DEFAULT_MAX_DEADLINE = MAX_DEADLINE.defaultValue();
    public static final Duration DEFAULT_PUNCTUATE_INTERVAL = Duration.ofSeconds(1);
    /** Stream threads replaced within {@link #DEFAULT_THREAD_REPLACEMENT_WINDOW} before the client shuts down instead. */
    public static final int DEFAULT_MAX_THREAD_REPLACEMENTS = 3;
    public static final Duration DEFAULT_THREAD_REPLACEMENT_WINDOW = Duration.ofMinutes(10);

    public AggregatorConfig {
        APPLICATION_ID.check(applicationId);
        GRACE.check(grace);
        ORPHAN_TTL.check(orphanTtl);
        MAX_DEADLINE.check(maxDeadline);
        AMEND_WINDOW.check(amendWindow);
        ROCKSDB_MEMORY.check(rocksDbMemory);
        for (Duration d : new Duration[] {punctuateInterval, threadReplacementWindow}) {
            if (d == null || !Setting.positive(d)) {
                throw new ConfigException("the aggregator's punctuation interval and thread replacement window must be positive");
            }
        }
        if (maxThreadReplacements < 0) {
            throw new ConfigException("the aggregator's maximum stream thread replacements must be 0 or more, was "
                    + maxThreadReplacements);
        }
    }

    public static AggregatorConfig ofDefaults() {
        return custom().build();
    }

    public static Builder custom() {
        return new Builder();
    }

    /** A builder that starts from {@code prototype}: every setting as there, until changed. */
    public static Builder from(AggregatorConfig prototype) {
        return new Builder().applicationId(prototype.applicationId).grace(prototype.grace).orphanTtl(prototype.orphanTtl)
                .punctuateInterval(prototype.punctuateInterval).stateDir(prototype.stateDir).maxDeadline(prototype.maxDeadline)
                .threadReplacements(prototype.maxThreadReplacements, prototype.threadReplacementWindow)
                .amendWindow(prototype.amendWindow).rocksDbMemory(prototype.rocksDbMemory);
    }

    /**
     * {@code SWITCHBOARD_AGGREGATOR_APPLICATION_ID}, {@code _GRACE}, {@code _ORPHAN_TTL}, {@code _STATE_DIR},
     * {@code _AMEND_WINDOW}, {@code _ROCKSDB_MEMORY}, {@code SWITCHBOARD_MAX_DEADLINE}.
     */
    public static AggregatorConfig from(ConfigSource source) {
        return custom().applicationId(APPLICATION_ID.read(source)).grace(GRACE.read(source)).orphanTtl(ORPHAN_TTL.read(source))
                .stateDir(STATE_DIR.read(source)).maxDeadline(MAX_DEADLINE.read(source)).amendWindow(AMEND_WINDOW.read(source))
                .rocksDbMemory(ROCKSDB_MEMORY.read(source)).build();
    }

    public static final class Builder {
        private String applicationId = APPLICATION_ID.defaultValue();
        private Duration grace = GRACE.defaultValue();
        private Duration orphanTtl = ORPHAN_TTL.defaultValue();
        private Duration punctuateInterval = DEFAULT_PUNCTUATE_INTERVAL;
        private String stateDir = STATE_DIR.defaultValue();
        private Duration maxDeadline = MAX_DEADLINE.defaultValue();
        private int maxThreadReplacements = DEFAULT_MAX_THREAD_REPLACEMENTS;
        private Duration threadReplacementWindow = DEFAULT_THREAD_REPLACEMENT_WINDOW;
        private Duration amendWindow = AMEND_WINDOW.defaultValue();
        private long rocksDbMemory = ROCKSDB_MEMORY.defaultValue();

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

        /** How long after its report a job can still be amended by a replayed result; {@link Duration#ZERO} never. */
        public Builder amendWindow(Duration window) {
            this.amendWindow = window;
            return this;
        }

        /** Bytes of off-heap memory the process's RocksDB stores share (at least 16 MiB). */
        public Builder rocksDbMemory(long bytes) {
            this.rocksDbMemory = bytes;
            return this;
        }

        public AggregatorConfig build() {
            return new AggregatorConfig(applicationId, grace, orphanTtl, punctuateInterval, stateDir, maxDeadline,
                    maxThreadReplacements, threadReplacementWindow, amendWindow, rocksDbMemory);
        }
    }

    /** How long a job's state outlives its report: the grace period, or the amend window when that is longer. */
    Duration keptAfterReport() {
        return amendWindow.compareTo(grace) > 0 ? amendWindow : grace;
    }

    boolean amends() {
        return !amendWindow.isZero();
    }
}
