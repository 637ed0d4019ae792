package dev.switchboard.report.aggregator;

import dev.switchboard.contracts.message.ErrorType;
import dev.switchboard.contracts.message.Report;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open jobs, reports by status, submit-to-report latency, late / duplicate / orphan results, and what the aggregator
 * set aside to keep going: records skipped by reason, writes dropped by reason, clamped deadlines, omitted outputs,
 * synthesis lines that could not be read, replaced stream threads; amended reports by status, reported jobs kept for
 * amending, replayed results that found no job to amend and those refused; later-stage tasks released, stages failed
 * in the aggregator by reason ({@code inputs-too-large}, {@code invalid-input}) and results of unreleased stages ignored
 * (decision 0030).
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
    private final AtomicLong keptJobs = new AtomicLong();
    private final Map<Report.Status, Counter> amendments = new EnumMap<>(Report.Status.class);
    private final Counter unmatchedReplays;
    private final Map<ReplayCheck.Refusal, Counter> refusedReplays = new EnumMap<>(ReplayCheck.Refusal.class);
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
    private final Counter released;
    private final Map<ErrorType, Counter> stagesFailed = new EnumMap<>(ErrorType.class);
    private final Counter unreleasedResults;

    AggregatorMetrics(MeterRegistry registry) {
        Gauge.builder("switchboard.aggregator.open.jobs", openJobs, AtomicLong::get).register(registry);
        Gauge.builder("switchboard.aggregator.reported.jobs.kept", keptJobs, AtomicLong::get)
                .description("reported jobs whose state is kept for the grace period or the amend window").register(registry);
        for (Report.Status s : Report.Status.values()) {
            reports.put(s, Counter.builder("switchboard.aggregator.reports").tag("status", s.name()).register(registry));
            amendments.put(s, Counter.builder("switchboard.aggregator.reports.amended").tag("status", s.name()).register(registry));
        }
        unmatchedReplays = Counter.builder("switchboard.aggregator.replays.unmatched")
                .description("replayed results dropped: their job's state was gone (or amending is off)").register(registry);
        for (ReplayCheck.Refusal r : ReplayCheck.Refusal.values()) {
            refusedReplays.put(r, Counter.builder("switchboard.aggregator.replays.refused").tag("reason", r.tag())
                    .description("results whose replay header was not trusted: handled as ordinary results").register(registry));
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
        released = Counter.builder("switchboard.aggregator.tasks.released")
                .description("later-stage tasks released: every agent they need had a result").register(registry);
        unreleasedResults = Counter.builder("switchboard.aggregator.results.unreleased")
                .description("results of a later-stage agent whose task was not released: ignored").register(registry);
        for (ErrorType t : List.of(ErrorType.INPUTS_TOO_LARGE, ErrorType.INVALID_INPUT)) {
            stagesFailed.put(t, Counter.builder("switchboard.aggregator.stages.failed")
                    .tag("reason", t.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .description("later stages failed in the aggregator instead of released (task too large, no document)")
                    .register(registry));
        }
    }

    void released() {
        released.increment();
    }

    /** A later stage failed in the aggregator instead of being released ({@code INPUTS_TOO_LARGE} or {@code INVALID_INPUT}). */
    void stageFailed(ErrorType type) {
        stagesFailed.get(type).increment();
    }

    void unreleasedResult() {
        unreleasedResults.increment();
    }

    void jobOpened() {
        openJobs.incrementAndGet();
    }

    void jobClosed() {
        openJobs.decrementAndGet();
    }

    /** An open job got its first report; its state is kept a while longer. */
    void jobReported() {
        openJobs.decrementAndGet();
        keptJobs.incrementAndGet();
    }

    /** A reported job's state was removed. */
    void reportedJobRemoved() {
        keptJobs.decrementAndGet();
    }

    void amended(Report.Status status) {
        amendments.get(status).increment();
    }

    void unmatchedReplay() {
        unmatchedReplays.increment();
    }

    void replayRefused(ReplayCheck.Refusal reason) {
        refusedReplays.get(reason).increment();
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
