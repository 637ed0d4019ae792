package dev.switchboard.spring;

import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.core.Agent;
import dev.switchboard.core.runtime.AgentWorker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.context.support.DefaultLifecycleProcessor;

/**
 * The context's agent workers, one per {@link Agent} bean, built at refresh (a bad setting fails the context there) and
 * run as a {@link SmartLifecycle}: topics provisioned and workers started once the context is refreshed, drained in
 * parallel when it closes. In the last-started phase, so they stop first, while the web server still answers health
 * checks. A worker that stops on its own turns the application's liveness to {@link LivenessState#BROKEN}.
 */
final class AgentWorkers implements SmartLifecycle, DisposableBean {
    /** What a worker is doing, as the health indicator reports it. */
    enum State { STARTING, RUNNING, FAILED, STOPPED }

    private static final Logger log = LoggerFactory.getLogger(AgentWorkers.class);
    /** Time beyond the drain for the close itself (commit, leave the group, close clients). */
    static final Duration CLOSE_MARGIN = Duration.ofSeconds(10);
    /** Spring's {@code spring.lifecycle.timeout-per-shutdown-phase} when it is not set. */
    private static final Duration DEFAULT_SHUTDOWN_PHASE_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Agent<?>> agents = new LinkedHashMap<>();
    private final Map<String, AgentWorker> workers = new LinkedHashMap<>();
    private final KafkaSettings kafka;
    private final TopicCatalogue catalogue;
    private final ApplicationContext context;
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    private final Set<String> closed = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private volatile boolean stopping;

    AgentWorkers(List<Agent<?>> agents, ConfigSource settings, TopicCatalogue catalogue, MeterRegistry registry, ApplicationContext context) {
        this.kafka = KafkaSettings.from(settings);
        this.catalogue = catalogue;
        this.context = context;
        for (Agent<?> agent : agents) {
            if (this.agents.putIfAbsent(agent.name(), agent) != null) {
                throw new IllegalStateException("Two Agent beans are named '" + agent.name() + "': an agent type runs once per process");
            }
        }
        // every worker reads the same settings: a bad one fails the first build, before any worker holds a client
        this.agents.forEach((name, agent) ->
                workers.put(name, AgentWorker.builder(agent).configure(settings).topics(catalogue).meterRegistry(registry).build()));
    }

    @Override
    public void start() {
        extendShutdownPhase();
        agents.forEach((name, agent) -> {
            AgentWorker.provisionTopics(agent, kafka, catalogue);
            workers.get(name).start();
            started.add(name);
            Thread watch = new Thread(() -> watch(name, workers.get(name)), "switchboard-watch-" + name);
            watch.setDaemon(true);
            watch.start();
            log.info("Agent {} is consuming its tasks", name);
        });
        running = true;
    }

    private void watch(String name, AgentWorker worker) {
        worker.awaitTermination();
        if (!stopping) {
            worker.failure().ifPresent(failure -> {
                log.error("Agent {} stopped on its own; the application's liveness is now BROKEN", name, failure);
                AvailabilityChangeEvent.publish(context, this, LivenessState.BROKEN);
            });
        }
    }

    /**
     * Spring waits {@code spring.lifecycle.timeout-per-shutdown-phase} (30 s) for a phase to stop; this phase gets at least
     * the longest drain timeout plus {@link #CLOSE_MARGIN}, so a drain is never cut short by the default.
     */
    private void extendShutdownPhase() {
        if (context.getBean(AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME) instanceof DefaultLifecycleProcessor processor) {
            Duration configured = Binder.get(context.getEnvironment()).bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
                    .orElse(DEFAULT_SHUTDOWN_PHASE_TIMEOUT);
            Duration needed = shutdownTimeout();
            if (needed.compareTo(configured) > 0) {
                processor.setTimeoutForShutdownPhase(getPhase(), needed.toMillis());
            }
        }
    }

    /** The longest drain timeout of these workers plus {@link #CLOSE_MARGIN}. */
    Duration shutdownTimeout() {
        return workers.values().stream().map(AgentWorker::drainTimeout).max(Duration::compareTo).orElse(Duration.ZERO).plus(CLOSE_MARGIN);
    }

    @Override
    public void stop() {
        stopping = true;
        workers.entrySet().parallelStream().forEach(w -> close(w.getKey(), w.getValue()));
        running = false;
    }

    /** Drains every worker at once, each on its own thread, and calls back when the last one is closed. */
    @Override
    public void stop(Runnable callback) {
        stopping = true;
        AtomicInteger open = new AtomicInteger(workers.size());
        workers.forEach((name, worker) -> new Thread(() -> {
            try {
                close(name, worker);
            } finally {
                if (open.decrementAndGet() == 0) {
                    running = false;
                    callback.run();
                }
            }
        }, "switchboard-drain-" + name).start());
        if (workers.isEmpty()) {
            running = false;
            callback.run();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Closes the started workers the lifecycle did not stop (the context failed while starting); idempotent. A worker
     * never started is left alone: its close would wait out the drain timeout for a poll thread that never ran.
     */
    @Override
    public void destroy() {
        stopping = true;
        workers.forEach((name, worker) -> {
            if (started.contains(name)) {
                close(name, worker);
            }
        });
    }

    private void close(String name, AgentWorker worker) {
        if (closed.add(name)) {
            log.info("Agent {} stopping: draining its in-flight tasks (up to {})", name, worker.drainTimeout());
            worker.close();
            log.info("Agent {} stopped", name);
        }
    }

    Map<String, State> states() {
        Map<String, State> states = new LinkedHashMap<>();
        workers.forEach((name, worker) -> states.put(name, stateOf(worker)));
        return Collections.unmodifiableMap(states);
    }

    Map<String, Throwable> failures() {
        Map<String, Throwable> failures = new LinkedHashMap<>();
        workers.forEach((name, worker) -> worker.failure().ifPresent(f -> failures.put(name, f)));
        return failures;
    }

    private State stateOf(AgentWorker worker) {
        if (worker.failure().isPresent()) {
            return State.FAILED;
        }
        if (stopping) {
            return State.STOPPED;
        }
        return running && worker.isReady() ? State.RUNNING : State.STARTING;
    }
}
