package dev.switchboard.core.runtime;

import dev.switchboard.core.Agent;
import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.lifecycle.Service;
import dev.switchboard.contracts.lifecycle.ServiceRunner;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.core.config.WorkerConfig;
import dev.switchboard.core.internal.llm.GuardedLlmGateway;
import dev.switchboard.core.internal.runtime.AgentRuntime;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an {@link Agent} as a member of its consumer group. {@code ./switchboard agent NAME} runs any discovered agent
 * ({@link Agents}); to host one in your own process, {@link #runUntilShutdown} is a whole {@code main}. Building a
 * worker touches no cluster: the agent's topics must exist first ({@code TopicProvisioner.provision} with
 * {@code catalogue.including(agent.name())}, as {@link #runUntilShutdown} does).
 *
 * Settings come from {@code SWITCHBOARD_*} variables (see {@link ConfigSource}); scale by starting
 * more processes: they share the task topic's partitions.
 */
public final class AgentWorker implements Service {
    private final AgentRuntime runtime;
    private final Duration drainTimeout;
    private final CountDownLatch closed = new CountDownLatch(1);
    /** This worker's hold on the process's shared gateway, let go after the drain; {@code null}: a gateway its creator closes. */
    private final LlmGateway sharedHold;

    private AgentWorker(Builder b) {
        this.sharedHold = b.gateway != null ? GuardedLlmGateway.retain(b.gateway) : LlmGateway.shared(b.llm, b.kafka, b.catalogue, b.registry);
        LlmGateway gateway = b.gateway != null ? b.gateway : sharedHold;
        this.drainTimeout = b.worker.drainTimeout();
        try {
            this.runtime = new AgentRuntime(b.agent, b.kafka, b.catalogue, gateway, b.worker, b.classifier, b.registry, b.clock);
        } catch (RuntimeException e) {
            if (sharedHold != null) {
                sharedHold.close();
            }
            throw e;
        }
    }

    public static Builder builder(Agent<?> agent) {
        return new Builder(agent);
    }

    /**
     * Starts the agent with settings from the environment and blocks until SIGTERM / Ctrl-C (exit 0), or until the worker
     * stops on its own (exit 1), through the one {@link ServiceRunner}.
     */
    public static void runUntilShutdown(Agent<?> agent) {
        ConfigSource env = ConfigSource.fromEnvironment();
        KafkaSettings kafka = KafkaSettings.from(env);
        TopicCatalogue topics = provisionTopics(agent, kafka, TopicCatalogue.loadDefault());
        AgentWorker worker = builder(agent).configure(env).topics(topics).build();
        System.exit(ServiceRunner.of(worker).run());
    }

    /**
     * Creates what is missing of the agent's topics (and the core ones) and returns the catalogue including the agent:
     * a new agent type brings its own topics, the orchestrator needs no change. What every host does before it builds
     * the worker ({@link #runUntilShutdown}, the Spring Boot starter).
     */
    public static TopicCatalogue provisionTopics(Agent<?> agent, KafkaSettings kafka, TopicCatalogue catalogue) {
        TopicCatalogue topics = catalogue.including(agent.name());
        TopicProvisioner.provision(kafka, topics);
        return topics;
    }

    @Override
    public AgentWorker start() {
        runtime.start();
        return this;
    }

    /** Blocks until the worker is closed or stops on its own after a failure. */
    public void awaitTermination() {
        while (!runtime.isStopped()) {
            try {
                if (closed.await(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public boolean isStopped() {
        return runtime.isStopped();
    }

    /** Consuming: started and not stopped. */
    @Override
    public boolean isReady() {
        return !runtime.isStopped();
    }

    /** The failure that stopped the worker on its own, if it did (stopping without one, unclosed, counts too). */
    @Override
    public Optional<Throwable> failure() {
        Throwable failure = runtime.failure();
        if (failure == null && runtime.isStopped() && closed.getCount() > 0) {
            failure = new IllegalStateException("the agent worker stopped on its own");
        }
        return Optional.ofNullable(failure);
    }

    /** The worker's {@code SWITCHBOARD_AGENT_DRAIN_TIMEOUT}: the runner waits for the drain before it leaves the close. */
    @Override
    public Duration drainTimeout() {
        return drainTimeout;
    }

    /** Stops polling, drains in-flight tasks (up to the drain timeout), commits, closes. */
    @Override
    public void close() {
        runtime.close();
        if (sharedHold != null) {
            sharedHold.close(); // after the drain: the last hold gives the account's LLM quota back (decision 0022)
        }
        closed.countDown();
    }

    public static final class Builder {
        private final Agent<?> agent;
        private KafkaSettings kafka = KafkaSettings.of(KafkaSettings.DEFAULT_BOOTSTRAP_SERVERS);
        private TopicCatalogue catalogue;
        private LlmConfig llm = LlmConfig.ofDefaults();
        private LlmGateway gateway;
        private WorkerConfig worker = WorkerConfig.ofDefaults();
        private FailureClassifier classifier = FailureClassifier.DEFAULT;
        private MeterRegistry registry = new SimpleMeterRegistry();
        private Clock clock = Clock.systemUTC();

        private Builder(Agent<?> agent) {
            this.agent = Objects.requireNonNull(agent, "agent");
        }

        /** Kafka, LLM and worker settings from a config source (e.g. the environment). */
        public Builder configure(ConfigSource source) {
            this.kafka = KafkaSettings.from(source);
            this.llm = LlmConfig.from(source);
            this.worker = WorkerConfig.from(source);
            return this;
        }

        public Builder kafka(KafkaSettings kafka) {
            this.kafka = Objects.requireNonNull(kafka);
            return this;
        }

        public Builder topics(TopicCatalogue catalogue) {
            this.catalogue = catalogue;
            return this;
        }

        public Builder llm(LlmConfig llm) {
            this.llm = Objects.requireNonNull(llm);
            return this;
        }

        /**
         * An explicit gateway; by default the process's shared one for the configured provider ({@link LlmGateway#shared}).
         * A shared gateway is held by the worker until it has drained: its creator may close its own hold once the workers
         * are built, and the last worker to close gives the account's quota back.
         */
        public Builder gateway(LlmGateway gateway) {
            this.gateway = gateway;
            return this;
        }

        public Builder worker(WorkerConfig worker) {
            this.worker = Objects.requireNonNull(worker);
            return this;
        }

        public Builder failureClassifier(FailureClassifier classifier) {
            this.classifier = Objects.requireNonNull(classifier);
            return this;
        }

        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public AgentWorker build() {
            if (catalogue == null) {
                catalogue = TopicCatalogue.loadDefault();
            }
            // an agent not declared in topics.yaml runs on the agentDefaults' topics
            catalogue = catalogue.including(agent.name());
            return new AgentWorker(this);
        }
    }
}
