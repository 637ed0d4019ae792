package dev.switchboard.spring;

import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.lifecycle.InParallel;
import dev.switchboard.contracts.lifecycle.ServiceRunner;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.core.Agent;
import dev.switchboard.core.config.WorkerConfig;
import dev.switchboard.core.runtime.AgentWorker;
import dev.switchboard.observability.tracing.TraceContent;
import dev.switchboard.observability.tracing.Tracing;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.context.support.DefaultLifecycleProcessor;

/**
 * The context's agent workers, one per {@link Agent} bean, built at refresh after their topics are provisioned (a bad
 * setting fails the context there, before Kafka is touched) and run as a {@link SmartLifecycle}: started once the context
 * is refreshed, drained in parallel when it closes. In the last-started phase, so they stop first, while the web server
 * still answers health checks. A worker that stops on its own turns the application's liveness to
 * {@link LivenessState#BROKEN}, and with {@code switchboard.agent.exit-on-failure} (the default without Actuator's
 * health) closes the application, which exits with 1.
 */
final class AgentWorkers implements SmartLifecycle, DisposableBean {
    /** What a worker is doing, as the health indicator reports it. */
    enum State { STARTING, RUNNING, FAILED, STOPPED }

    private static final Logger log = LoggerFactory.getLogger(AgentWorkers.class);
    /** Spring's {@code spring.lifecycle.timeout-per-shutdown-phase} when it is not set. */
    private static final Duration DEFAULT_SHUTDOWN_PHASE_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Agent<?>> agents = new LinkedHashMap<>();
    private final Map<String, AgentWorker> workers = new LinkedHashMap<>();
    private final ApplicationContext context;
    private final Set<String> closed = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private volatile boolean stopping;
    private final boolean exitOnFailure;
    /** What ends the process with the exit code; tests put a recorder in. */
    private volatile IntConsumer exit = System::exit;

    /** {@code exitOnFailure}: a worker that stops on its own closes the application, which exits with 1. */
    AgentWorkers(List<Agent<?>> agents, ConfigSource settings, TopicCatalogue catalogue, MeterRegistry registry, ApplicationContext context,
            boolean exitOnFailure) {
        this.context = context;
        this.exitOnFailure = exitOnFailure;
        for (Agent<?> agent : agents) {
            if (this.agents.putIfAbsent(agent.name(), agent) != null) {
                throw new IllegalStateException("Two Agent beans are named '" + agent.name() + "' ("
                        + this.agents.get(agent.name()).getClass().getName() + " and " + agent.getClass().getName()
                        + "): an agent type runs once per application; give one another name()");
            }
        }
        String group = WorkerConfig.GROUP_ID.read(settings);
        if (group != null && this.agents.size() > 1) {
            throw new IllegalStateException("switchboard.agent.group.id is " + group + " and the application has " + this.agents.size()
                    + " Agent beans " + this.agents.keySet() + ": every Agent bean reads the same settings, so all of them would join that "
                    + "one consumer group and take each other's partitions. Unset switchboard.agent.group.id (each agent then has its "
                    + "own group), or run one Agent bean per application");
        }
        SpringSettings.warnUnread(settings);
        KafkaSettings kafka = KafkaSettings.from(settings);
        // every setting is read here, before any topic or client exists: a bad one fails the context without touching Kafka
        Map<String, AgentWorker.Builder> builders = new LinkedHashMap<>();
        this.agents.forEach((name, agent) -> builders.put(name, AgentWorker.builder(agent).configure(settings).meterRegistry(registry)));
        Tracing.init(this.agents.size() == 1 ? "agent-" + this.agents.keySet().iterator().next() : "agents");
        TraceContent.override(TraceContent.SETTING.read(settings)); // switchboard.trace.content, not only the variable
        try {
            // the topics first, as every host does: a client opened before them (the LLM quota's) would have a broker
            // with auto.create.topics.enable create its topic with the wrong config
            builders.forEach((name, builder) ->
                    workers.put(name, builder.topics(AgentWorker.provisionTopics(this.agents.get(name), kafka, catalogue)).build()));
        } catch (RuntimeException e) {
            workers.values().forEach(AgentWorker::close); // a failed bean is not destroyed: let go of what was built
            throw e;
        }
    }

    @Override
    public void start() {
        extendShutdownPhase();
        agents.forEach((name, agent) -> {
            workers.get(name).start();
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
                if (exitOnFailure) {
                    log.error("Closing the application, exit code 1, so that whatever supervises it starts a fresh one "
                            + "(switchboard.agent.exit-on-failure)");
                    exit.accept(SpringApplication.exit(context, () -> 1));
                }
            });
        }
    }

    /** For tests: what receives the exit code instead of {@link System#exit}. */
    void exitWith(IntConsumer exit) {
        this.exit = exit;
    }

    /**
     * Spring waits {@code spring.lifecycle.timeout-per-shutdown-phase} (30 s) for a phase to stop; this phase gets at least
     * the longest drain timeout plus {@link ServiceRunner#CLOSE_MARGIN}, so a drain is never cut short by the default.
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

    /** The longest drain timeout of these workers plus {@link ServiceRunner#CLOSE_MARGIN}. */
    Duration shutdownTimeout() {
        return workers.values().stream().map(AgentWorker::drainTimeout).max(Duration::compareTo).orElse(Duration.ZERO).plus(ServiceRunner.CLOSE_MARGIN);
    }

    @Override
    public void stop() {
        stopping = true;
        closeAll();
        running = false;
    }

    /** Drains every worker at once, each on its own thread, and calls back when the last one is closed. */
    @Override
    public void stop(Runnable callback) {
        stopping = true;
        new Thread(() -> {
            try {
                closeAll();
            } finally {
                running = false;
                callback.run();
            }
        }, "switchboard-drain").start();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Closes every worker the lifecycle did not stop (the context failed after building them, or while starting), side
     * by side; idempotent. One never started closes at once, giving back its hold on the shared LLM gateway.
     */
    @Override
    public void destroy() {
        stopping = true;
        closeAll();
    }

    private void closeAll() {
        Map<String, Runnable> closes = new LinkedHashMap<>();
        workers.forEach((name, worker) -> closes.put(name, () -> close(name, worker)));
        InParallel.close(closes);
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
