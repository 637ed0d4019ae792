package dev.switchboard.report.aggregator;

import dev.switchboard.core.message.Report;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Open jobs, reports by status, submit-to-report latency, late / duplicate / orphan / unreadable records. */
final class AggregatorMetrics {
    private final AtomicLong openJobs = new AtomicLong();
    private final Map<Report.Status, Counter> reports = new EnumMap<>(Report.Status.class);
    private final Timer latency;
    private final Counter late;
    private final Counter duplicates;
    private final Counter orphans;
    private final Counter unreadable;

    AggregatorMetrics(MeterRegistry registry) {
        Gauge.builder("switchboard.aggregator.open.jobs", openJobs, AtomicLong::get).register(registry);
        for (Report.Status s : Report.Status.values()) {
            reports.put(s, Counter.builder("switchboard.aggregator.reports").tag("status", s.name()).register(registry));
        }
        latency = Timer.builder("switchboard.aggregator.submit.to.report").publishPercentileHistogram().register(registry);
        late = Counter.builder("switchboard.aggregator.results.late").register(registry);
        duplicates = Counter.builder("switchboard.aggregator.results.duplicate").register(registry);
        orphans = Counter.builder("switchboard.aggregator.results.orphaned").register(registry);
        unreadable = Counter.builder("switchboard.aggregator.records.unreadable").register(registry);
    }

    void jobOpened() {
        openJobs.incrementAndGet();
    }

    void jobClosed() {
        openJobs.decrementAndGet();
    }

    void report(Report.Status status, Duration sinceSubmit) {
        reports.get(status).increment();
        latency.record(sinceSubmit.isNegative() ? Duration.ZERO : sinceSubmit);
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

    void unreadable() {
        unreadable.increment();
    }
}
