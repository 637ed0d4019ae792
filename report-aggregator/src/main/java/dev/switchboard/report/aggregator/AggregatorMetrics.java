package dev.switchboard.report.aggregator;

import dev.switchboard.contracts.message.Report;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open jobs, reports by status, submit-to-report latency, late / duplicate / orphan results, and what the aggregator
 * set aside to keep going: records skipped by reason, writes dropped by reason, clamped deadlines, omitted outputs,
 * synthesis lines that could not be read, replaced stream threads.
 */
final class AggregatorMetrics {
    /** Longer latencies are recorded as this: a hostile {@code submittedAt} must not overflow the timer. */
    static final Duration MAX_RECORDED_LATENCY = Duration.ofDays(365);

    /** Why a record was skipped: tag {@code reason} of {@code switchboard.aggregator.records.skipped}. */
    enum SkipReason {
        /** Not a readable manifest or result (bad JSON, missing fields, unknown message version). */
        UNREADABLE,
        /** Processing it threw; the processing exception handler skipped it. */
        PROCESSING_ERROR,
        /** The job's state or report could not be kept under the record limit even with outputs omitted. */
        TOO_LARGE;

        String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Why a write was dropped: tag {@code reason} of {@code switchboard.aggregator.writes.dropped}. */
    enum DropReason {
        /** The broker or producer refused the record (e.g. {@code RecordTooLargeException}). */
        PRODUCTION_ERROR,
        /** The record could not be serialized. */
        SERIALIZATION_ERROR;

        String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final AtomicLong openJobs = new AtomicLong();
    private final Map<Report.Status, Counter> reports = new EnumMap<>(Report.Status.class);
    private final Map<SkipReason, Counter> skipped = new EnumMap<>(SkipReason.class);
    private final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);
    private final Timer latency;
    private final Counter late;
    private final Counter duplicates;
    private final Counter orphans;
    private final Counter clampedDeadlines;
    private final Counter omittedOutputs;
    private final Counter contributorErrors;
    private final Counter threadReplacements;

    AggregatorMetrics(MeterRegistry registry) {
        Gauge.builder("switchboard.aggregator.open.jobs", openJobs, AtomicLong::get).register(registry);
        for (Report.Status s : Report.Status.values()) {
            reports.put(s, Counter.builder("switchboard.aggregator.reports").tag("status", s.name()).register(registry));
        }
        for (SkipReason r : SkipReason.values()) {
            skipped.put(r, Counter.builder("switchboard.aggregator.records.skipped").tag("reason", r.tag()).register(registry));
        }
        for (DropReason r : DropReason.values()) {
            dropped.put(r, Counter.builder("switchboard.aggregator.writes.dropped").tag("reason", r.tag()).register(registry));
        }
        latency = Timer.builder("switchboard.aggregator.submit.to.report").publishPercentileHistogram().register(registry);
        late = Counter.builder("switchboard.aggregator.results.late").register(registry);
        duplicates = Counter.builder("switchboard.aggregator.results.duplicate").register(registry);
        orphans = Counter.builder("switchboard.aggregator.results.orphaned").register(registry);
        clampedDeadlines = Counter.builder("switchboard.aggregator.deadlines.clamped").register(registry);
        omittedOutputs = Counter.builder("switchboard.aggregator.outputs.omitted").register(registry);
        contributorErrors = Counter.builder("switchboard.aggregator.synthesis.errors").register(registry);
        threadReplacements = Counter.builder("switchboard.aggregator.stream.threads.replaced").register(registry);
    }

    void jobOpened() {
        openJobs.incrementAndGet();
    }

    void jobClosed() {
        openJobs.decrementAndGet();
    }

    void report(Report.Status status, Duration sinceSubmit) {
        reports.get(status).increment();
        Duration recorded = sinceSubmit.isNegative() ? Duration.ZERO : sinceSubmit;
        latency.record(recorded.compareTo(MAX_RECORDED_LATENCY) > 0 ? MAX_RECORDED_LATENCY : recorded);
    }

    void late() {
        late.increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void orphaned(int results) {
        orphans.increment(results);
    }

    void skipped(SkipReason reason) {
        skipped.get(reason).increment();
    }

    void dropped(DropReason reason) {
        dropped.get(reason).increment();
    }

    void deadlineClamped() {
        clampedDeadlines.increment();
    }

    void outputOmitted() {
        omittedOutputs.increment();
    }

    void synthesisLineFailed() {
        contributorErrors.increment();
    }

    void threadReplaced() {
        threadReplacements.increment();
    }
}
