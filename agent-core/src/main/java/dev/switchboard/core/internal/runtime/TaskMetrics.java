package dev.switchboard.core.internal.runtime;

import dev.switchboard.contracts.message.ErrorType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Per-agent task counters, in-flight gauge and processing latency; and two of the four operating signals (decision
 * 0027): {@code switchboard_agent_task_failures_total} (failed attempts: retried or dead-lettered) over
 * {@code switchboard_agent_task_attempts_total} (records handled) is the error rate, and
 * {@code switchboard_agent_dead_letters_total{error_type}} is the DLQ activity. {@code error_type} is an
 * {@link ErrorType} name or {@value #OTHER_ERROR_TYPE}: an agent's own error types (any string its author picks) would
 * each make a series.
 */
final class TaskMetrics {
    /** The {@code error_type} of a dead letter whose type is none of {@link ErrorType}'s. */
    static final String OTHER_ERROR_TYPE = "OTHER";
    private static final Set<String> KNOWN_ERROR_TYPES =
            Arrays.stream(ErrorType.values()).map(ErrorType::name).collect(Collectors.toUnmodifiableSet());

    private final MeterRegistry registry;
    private final String agent;
    private final Counter attempts;
    private final Counter failures;
    private final Counter completed;
    private final Counter failed;
    private final Counter retried;
    private final Counter deadLettered;
    private final Timer latency;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong handled = new java.util.concurrent.atomic.AtomicLong();

    TaskMetrics(MeterRegistry registry, String agent) {
        this.registry = registry;
        this.agent = agent;
        this.attempts = Counter.builder("switchboard.agent.task.attempts").tag("agent", agent)
                .description("Task records the agent finished handling, whatever the outcome").register(registry);
        this.failures = Counter.builder("switchboard.agent.task.failures").tag("agent", agent)
                .description("Task attempts that failed: sent to a retry tier or dead-lettered").register(registry);
        for (ErrorType type : ErrorType.values()) {
            deadLetters(type.name()); // at 0 from the start, so the first dead letter shows as an increase
        }
        deadLetters(OTHER_ERROR_TYPE);
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

    /** Tasks being handled now. */
    int inFlight() {
        return inFlight.get();
    }

    void started() {
        inFlight.incrementAndGet();
    }

    void finished(Duration took) {
        inFlight.decrementAndGet();
        handled.incrementAndGet();
        attempts.increment();
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
        failures.increment();
    }

    /** A record was written to the agent's DLQ, with {@code errorType} in its {@code switchboard.error.type} header. */
    void deadLettered(String errorType) {
        deadLettered.increment();
        failures.increment();
        deadLetters(KNOWN_ERROR_TYPES.contains(errorType) ? errorType : OTHER_ERROR_TYPE).increment();
    }

    private Counter deadLetters(String errorType) {
        return Counter.builder("switchboard.agent.dead.letters").tag("agent", agent).tag("error_type", errorType)
                .description("Records written to the agent's dead-letter topic").register(registry);
    }
}
