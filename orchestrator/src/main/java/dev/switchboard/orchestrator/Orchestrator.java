package dev.switchboard.orchestrator;

import dev.switchboard.core.config.ConfigSource;
import dev.switchboard.core.config.KafkaSettings;
import dev.switchboard.core.topic.TopicCatalogue;
import dev.switchboard.core.topic.TopicProvisioner;
import dev.switchboard.orchestrator.callback.CallbackDispatcher;
import dev.switchboard.orchestrator.callback.CallbackSender;
import dev.switchboard.orchestrator.http.ApiServer;
import dev.switchboard.orchestrator.http.Readiness;
import dev.switchboard.orchestrator.jobs.FanOut;
import dev.switchboard.orchestrator.view.AgentDirectory;
import dev.switchboard.orchestrator.view.JobView;
import dev.switchboard.orchestrator.view.ViewUpdater;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator service: provisions topics, builds the job view from Kafka, serves the HTTP
 * API, fans jobs out in transactions and delivers callbacks.
 */
public final class Orchestrator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Orchestrator.class);

    private final Admin admin;
    private final FanOut fanOut;
    private final JobView view;
    private final ViewUpdater updater;
    private final CallbackDispatcher callbacks;
    private final ApiServer api;
    private final TopicCatalogue topics;
    private volatile boolean provisioned;

    public Orchestrator(OrchestratorConfig config, KafkaSettings kafka, TopicCatalogue topics) {
        this(config, kafka, topics, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
    }

    public Orchestrator(OrchestratorConfig config, KafkaSettings kafka, TopicCatalogue topics,
                        PrometheusMeterRegistry registry, Clock clock) {
        this.topics = topics;
        this.admin = Admin.create(kafka.clientConfig(Map.of()));
        new TopicProvisioner(admin).apply(topics);
        this.provisioned = true;
        this.view = new JobView(new AgentDirectory(Duration.ofSeconds(45)), clock, config.viewMaxJobs());
        this.updater = new ViewUpdater(kafka, topics, view);
        this.fanOut = new FanOut(kafka, topics, config.instanceId(), config.fanOutProducers(), registry);
        this.callbacks = new CallbackDispatcher(kafka, topics, view, new CallbackSender(
                config.callbackSecret().reveal().getBytes(StandardCharsets.UTF_8), config.callbackAllowPrivate(),
                config.callbackMaxAttempts(), config.callbackTimeout(), config.callbackBackoff()), clock);
        Gauge.builder("switchboard.orchestrator.view.jobs", view, JobView::size).register(registry);
        this.api = new ApiServer(config, topics, view, fanOut, registry, new Readiness() {
            @Override
            public boolean kafkaReachable() {
                return Orchestrator.this.kafkaReachable();
            }

            @Override
            public boolean topicsProvisioned() {
                return Orchestrator.this.topicsProvisioned();
            }
        }, clock);
    }

    public Orchestrator start() {
        updater.start();
        callbacks.start();
        api.start();
        return this;
    }

    public int port() {
        return api.port();
    }

    public JobView view() {
        return view;
    }

    private boolean kafkaReachable() {
        try {
            admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private boolean topicsProvisioned() {
        if (!provisioned) {
            return false;
        }
        try {
            return new TopicProvisioner(admin, Duration.ofSeconds(2)).check(topics).isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        api.close();
        callbacks.close();
        updater.close();
        fanOut.close();
        admin.close(Duration.ofSeconds(5));
    }

    /** {@code java -cp ... dev.switchboard.orchestrator.Orchestrator [--insecure]}; settings from {@code SWITCHBOARD_*}. */
    public static void main(String[] args) {
        Map<String, String> env = new HashMap<>(System.getenv());
        if (Arrays.asList(args).contains("--insecure")) {
            env.put("SWITCHBOARD_INSECURE", "true");
        }
        ConfigSource source = ConfigSource.from(env);
        Orchestrator orchestrator = new Orchestrator(OrchestratorConfig.from(source), KafkaSettings.from(source),
                TopicCatalogue.loadDefault()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(orchestrator::close, "switchboard-orchestrator-shutdown"));
        log.info("Orchestrator started");
    }
}
