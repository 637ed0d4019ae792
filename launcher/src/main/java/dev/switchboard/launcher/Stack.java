package dev.switchboard.launcher;

import dev.switchboard.core.Agent;
import dev.switchboard.core.runtime.AgentWorker;
import dev.switchboard.core.runtime.LlmGateway;
import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.core.config.WorkerConfig;
import dev.switchboard.contracts.lifecycle.Service;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.kafka.embedded.EmbeddedKafkaCluster;
import dev.switchboard.orchestrator.Orchestrator;
import dev.switchboard.orchestrator.OrchestratorConfig;
import dev.switchboard.report.aggregator.AggregatorConfig;
import dev.switchboard.report.aggregator.ReportAggregator;
import dev.switchboard.observability.management.ReadinessChecks;
import dev.switchboard.observability.management.ManagementServer;
import dev.switchboard.observability.management.ManagementSettings;
import dev.switchboard.observability.management.MeterRegistries;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything in one JVM: Kafka (embedded unless given), orchestrator, the default agents, aggregator.
 * Agent workers are supervised (one that stops on its own is started again with backoff); the
 * orchestrator's {@code /health/ready} covers every agent worker and the aggregator; when the
 * aggregator's Kafka Streams client stops, {@link #failed()} says so and {@code up} exits non-zero.
 */
final class Stack implements Service {
    /** The agent workers' drain timeout: they drain at once when the stack closes. */
    private Duration drainTimeout = Duration.ZERO;
    private final EmbeddedKafkaCluster kafka;
    private final String bootstrap;
    private final Orchestrator orchestrator;
    private final WorkerSupervisor workers = new WorkerSupervisor();
    private final ReportAggregator aggregator;
    /** The stack's hold on the shared LLM gateway: supervised workers are rebuilt on it; let go after they closed. */
    private final LlmGateway gateway;
    private final OrchestratorConfig orchestratorConfig;
    /** From the JVM's start to ready: what a person waited for after typing the command. */
    private final long sinceLaunchMillis;
    /** One management endpoint for every part, on SWITCHBOARD_MANAGEMENT_PORT if set (0027); null when not served. */
    private final ManagementServer management;

    private Stack(Settings settings, Path dataDir, String bootstrapServers) throws IOException {
        if (bootstrapServers == null) {
            kafka = EmbeddedKafkaCluster.builder().dataDir(dataDir.resolve("kafka")).build().start();
            bootstrap = kafka.bootstrapServers();
        } else {
            kafka = null;
            bootstrap = bootstrapServers;
        }
        settings.set("SWITCHBOARD_BOOTSTRAP_SERVERS", bootstrap);
        ConfigSource source = settings.source();
        KafkaSettings kafkaSettings = KafkaSettings.from(source);
        TopicCatalogue topics = TopicCatalogue.loadDefault();
        orchestratorConfig = OrchestratorConfig.from(source);
        TopicProvisioner.provision(kafkaSettings, topics); // once for the process: orchestrator, agents, aggregator
        PrometheusMeterRegistry registry = MeterRegistries.prometheus(); // every part's metrics, in one registry
        ReadinessChecks readiness = new ReadinessChecks();
        // the aggregator first: its Kafka Streams group forms while the orchestrator's view catches up (0035)
        AggregatorConfig aggregatorConfig = AggregatorConfig.from(ConfigSource.from(java.util.Map.of(
                "SWITCHBOARD_AGGREGATOR_STATE_DIR", Files.createDirectories(dataDir.resolve("streams")).toString())));
        aggregator = new ReportAggregator(kafkaSettings, topics, aggregatorConfig, registry).start();
        orchestrator = new Orchestrator(orchestratorConfig, kafkaSettings, topics, registry, Clock.systemUTC()).start();
        gateway = LlmGateway.shared(LlmConfig.from(source), kafkaSettings, topics, registry); // account-wide limits (0022)
        WorkerConfig worker = WorkerConfig.from(source);
        drainTimeout = worker.drainTimeout();
        AgentPlugins agents = AgentPlugins.builtIn();
        for (String name : topics.defaultAgentNames()) {
            if (agents.has(name)) {
                Agent<?> agent = agents.get(name);
                String part = "agent " + name;
                workers.supervise(part, () -> supervised(AgentWorker.builder(agent).kafka(kafkaSettings).topics(topics)
                        .gateway(gateway).worker(worker).meterRegistry(registry).build().start()));
                orchestrator.addReadinessCheck(part, () -> !workers.down().contains(part));
                readiness.add(part, () -> !workers.down().contains(part));
            }
        }
        orchestrator.addReadinessCheck("aggregator", aggregator::isHealthy);
        readiness.add("aggregator", aggregator::isHealthy).add("orchestrator", orchestrator::isReady);
        management = ManagementServer.startIfEnabled(ManagementSettings.from(source), registry, readiness).orElse(null);
        awaitReady(Duration.ofSeconds(60));
        sinceLaunchMillis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    private static WorkerSupervisor.Part supervised(AgentWorker worker) {
        return new WorkerSupervisor.Part() {
            @Override
            public boolean isStopped() {
                return worker.isStopped();
            }

            @Override
            public Throwable failure() {
                return worker.failure().orElse(null);
            }

            @Override
            public void close() {
                worker.close();
            }
        };
    }

    /** Everything runs once {@link #start(Settings, Path, String)} returns: nothing more to start. */
    @Override
    public Stack start() {
        return this;
    }

    @Override
    public Duration drainTimeout() {
        return drainTimeout;
    }

    @Override
    public boolean isReady() {
        return orchestrator.isReady();
    }

    /** Set once the aggregator's Kafka Streams client stopped on its own: this process cannot make reports any more. */
    @Override
    public Optional<Throwable> failure() {
        return aggregator.failure();
    }

    static Stack start(Settings settings, Path dataDir, String bootstrapServers) throws IOException {
        return new Stack(settings, dataDir, bootstrapServers);
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!orchestrator.view().caughtUp() || aggregator.state() != org.apache.kafka.streams.KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Switchboard did not become ready within " + timeout
                        + " (view caught up: " + orchestrator.view().caughtUp() + ", aggregator: " + aggregator.state() + ")");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    String url() {
        return "http://" + orchestratorConfig.host() + ":" + orchestrator.port();
    }

    String bootstrap() {
        return bootstrap;
    }

    boolean embedded() {
        return kafka != null;
    }

    /** "ready in 7.8 s": from the JVM's start (the launch), not from this stack's construction. */
    String readyIn() {
        return String.format(java.util.Locale.ROOT, "ready in %.1f s", sinceLaunchMillis / 1000.0);
    }

    /** The dashboard's address (served by the orchestrator under /ui/). */
    String dashboardUrl() {
        return url() + "/ui/";
    }

    String apiKeySituation() {
        int keys = orchestratorConfig.apiKeys().size();
        return keys == 0 ? "none configured: the API is open to anyone who can reach " + orchestratorConfig.host()
                + " (set SWITCHBOARD_API_KEYS to require a key)"
                : keys + " configured: send 'Authorization: Bearer <key>'";
    }

    @Override
    public void close() {
        if (management != null) {
            management.close();
        }
        orchestrator.close();
        workers.close();
        gateway.close();
        aggregator.close();
        if (kafka != null) {
            kafka.close();
        }
    }
}
