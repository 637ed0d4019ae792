package dev.switchboard.core.internal.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Per-agent task counters, in-flight gauge and processing latency. */
final class TaskMetrics {
    private final Counter completed;
    private final Counter failed;
    private final Counter retried;
    private final Counter deadLettered;
    private final Timer latency;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong handled = new java.util.concurrent.atomic.AtomicLong();

    TaskMetrics(MeterRegistry registry, String agent) {
        this.completed = counter(registry, agent, "completed");
        this.failed = counter(registry, agent, "failed");
        this.retried = counter(registry, agent, "retried");
        this.deadLettered = counter(registry, agent, "dead_lettered");
        this.latency = Timer.builder("switchboard.task.duration").tag("agent", agent)
                .publishPercentileHistogram().register(registry);
        Gauge.builder("switchboard.tasks.in_flight", inFlight, AtomicInteger::get).tag("agent", agent).register(registry);
    }

    private static Counter counter(MeterRegistry registry, String agent, String outcome) {
        return Counter.builder("switchboard.tasks").tag("agent", agent).tag("outcome", outcome).register(registry);
    }

    void started() {
        inFlight.incrementAndGet();
    }

    void finished(Duration took) {
        inFlight.decrementAndGet();
        handled.incrementAndGet();
        latency.record(took);
    }

    /** Task records this worker finished handling, whatever the outcome. */
    long handled() {
        return handled.get();
    }

    void completed() {
        completed.increment();
    }

    /** A FAILED result was published (dead letter or deadline). */
    void failed() {
        failed.increment();
    }

    void retried() {
        retried.increment();
    }

    void deadLettered() {
        deadLettered.increment();
    }
}
