package dev.switchboard.core.internal.runtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Two of the four operating signals of an agent (decision 0027), as the poll thread last saw them:
 * <ul>
 *   <li>queue depth, {@code switchboard_agent_lag_records{agent}}: the records of the agent's task and retry-tier
 *       partitions this worker owns that it has not fetched yet (end offset minus position, summed);</li>
 *   <li>message age, {@code switchboard_agent_oldest_task_age_seconds{agent}}: seconds since the oldest task this
 *       worker holds unfinished was enqueued (its record timestamp; for a retry, when it fell due), counting a record
 *       set back in a paused partition; 0 when it holds none. Computed at scrape time, so a stuck worker's age grows.</li>
 * </ul>
 * In share mode (decision 0038) the queue depth is the worker's share of the share group's backlog (the group's lag
 * over its members), and the worker's retry tiers report as worker {@code <instance>-retries}.
 * Both carry a {@code worker} tag (the instance id): a process may run several workers of one agent. Closing removes them,
 * unless a restarted worker of the same id has registered its own since (the supervisor may start it before the old poll
 * thread has closed): each instance registers gauges of its own and removes only those.
 */
final class QueueSignals implements AutoCloseable {
    /** No unfinished task: the age is 0. */
    static final long NONE = Long.MAX_VALUE;

    private final MeterRegistry registry;
    private final Clock clock;
    private final Gauge lagGauge;
    private final Gauge ageGauge;
    private final AtomicLong lag = new AtomicLong();
    private final AtomicLong oldest = new AtomicLong(NONE);
    /** Makes replacing and removing a worker's gauges one step each, across its instances. */
    private static final Object LOCK = new Object();

    QueueSignals(MeterRegistry registry, String agent, String worker, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        Gauge.Builder<AtomicLong> lagBuilder = Gauge.builder("switchboard.agent.lag", lag, AtomicLong::get).baseUnit("records").tag("agent", agent).tag("worker", worker)
                .description("Task and retry-tier records not yet fetched by this worker (end offset - position)");
        Gauge.Builder<QueueSignals> ageBuilder = Gauge.builder("switchboard.agent.oldest.task.age", this, QueueSignals::oldestAgeSeconds).baseUnit("seconds")
                .tag("agent", agent).tag("worker", worker).description("Age of the oldest task received and not finished, or waiting in a paused partition");
        synchronized (LOCK) {
            this.lagGauge = registerOwn(registry, lagBuilder);
            this.ageGauge = registerOwn(registry, ageBuilder);
        }
    }

    /** Registers a gauge reading this instance, replacing one an earlier instance of the same worker still has registered. */
    private static Gauge registerOwn(MeterRegistry registry, Gauge.Builder<?> builder) {
        registry.remove(builder.register(registry)); // registering an existing id returns the existing gauge
        return builder.register(registry);
    }

    /** The poll thread's latest view: unfetched records, and the enqueue time (epoch millis) of the oldest unfinished task or {@link #NONE}. */
    void update(long lagRecords, long oldestEnqueuedMillis) {
        lag.set(lagRecords);
        oldest.set(oldestEnqueuedMillis);
    }

    double oldestAgeSeconds() {
        long since = oldest.get();
        return since == NONE ? 0 : Math.max(0, clock.millis() - since) / 1000.0;
    }

    long lag() {
        return lag.get();
    }

    @Override
    public void close() {
        synchronized (LOCK) {
            removeIfOwn(lagGauge);
            removeIfOwn(ageGauge);
        }
    }

    /** Meters are equal by id: only the very gauge this instance registered is removed, not a successor's. */
    private void removeIfOwn(Gauge gauge) {
        boolean own = registry.find(gauge.getId().getName()).tags(gauge.getId().getTags()).gauges().stream().anyMatch(g -> g == gauge);
        if (own) {
            registry.remove(gauge);
        }
    }
}
