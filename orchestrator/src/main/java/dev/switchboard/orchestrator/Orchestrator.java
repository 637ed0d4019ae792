package dev.switchboard.orchestrator;

import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.lifecycle.Service;
import dev.switchboard.contracts.lifecycle.ServiceRunner;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.orchestrator.callback.CallbackDispatcher;
import dev.switchboard.orchestrator.callback.CallbackSender;
import dev.switchboard.orchestrator.callback.CallbackSignature;
import dev.switchboard.orchestrator.dlq.KafkaDeadLetters;
import dev.switchboard.observability.management.ReadinessChecks;
import dev.switchboard.orchestrator.health.SupervisedLoop;
import dev.switchboard.orchestrator.health.Supervisor;
import dev.switchboard.orchestrator.health.TopicsReadiness;
import dev.switchboard.orchestrator.http.ApiServer;
import dev.switchboard.orchestrator.http.SubmitRequestParser;
import dev.switchboard.orchestrator.ingress.KafkaIngress;
import dev.switchboard.orchestrator.jobs.FanOut;
import dev.switchboard.orchestrator.jobs.JobRecords;
import dev.switchboard.orchestrator.jobs.KafkaJobSubmissions;
import dev.switchboard.orchestrator.view.AgentDirectory;
import dev.switchboard.orchestrator.view.JobView;
import dev.switchboard.orchestrator.view.UsageMeters;
import dev.switchboard.orchestrator.view.ViewBounds;
import dev.switchboard.orchestrator.view.ViewUpdater;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator service: builds the job view from Kafka, serves the HTTP API, fans jobs out in
 * transactions and delivers callbacks. Its topics must exist first: {@link TopicProvisioner#provision} is the
 * explicit step a launcher runs before constructing it (the constructor touches no topic).
 * The HTTP layer sees only the submit port ({@link KafkaJobSubmissions}) and the read-model port
 * ({@link JobView}), wired here. Its long-running loops (view updater,
 * callback dispatcher, fan-out committers, the Kafka ingress of decision 0036) are supervised: restarted with backoff when they die,
 * and {@code /health/ready} answers 503 naming each one while it is down.
 */
public final class Orchestrator implements Service {
    private static final Logger log = LoggerFactory.getLogger(Orchestrator.class);

    private final Admin admin;
    private final ReadinessChecks readiness = new ReadinessChecks();
    private final Supervisor supervisor;
    private final BiFunction<String, SupervisedLoop, SupervisedLoop> decorate;
    private final FanOut fanOut;
    private final JobView view;
    private final ViewUpdater updater;
    private final CallbackDispatcher callbacks;
    private final KafkaIngress ingress;
    private final ApiServer api;
    private final TopicCatalogue topics;
    private final TopicsReadiness topicsReady;
    private volatile boolean kafkaUp;
    private Supervisor.Part updaterPart;
    private Supervisor.Part callbacksPart;
    private Supervisor.Part ingressPart;

    public Orchestrator(OrchestratorConfig config, KafkaSettings kafka, TopicCatalogue topics) {
        this(config, kafka, topics, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
    }

    public Orchestrator(OrchestratorConfig config, KafkaSettings kafka, TopicCatalogue topics,
                        PrometheusMeterRegistry registry, Clock clock) {
        this(config, kafka, topics, registry, clock, Supervisor.Backoff.DEFAULT, (name, loop) -> loop);
    }

    /** {@code decorate} wraps each loop the orchestrator supervises itself, by part name: tests inject failures with it. */
    Orchestrator(OrchestratorConfig config, KafkaSettings kafka, TopicCatalogue topics, PrometheusMeterRegistry registry,
                 Clock clock, Supervisor.Backoff backoff, BiFunction<String, SupervisedLoop, SupervisedLoop> decorate) {
        JobRecords.requireDocumentLimitFits(config.maxDocumentBytes(), topics);
        logOwnerIds(config);
        this.topics = topics;
        this.decorate = decorate;
        this.admin = Admin.create(kafka.clientConfig(Map.of()));
        this.topicsReady = new TopicsReadiness(admin, topics, clock, TopicsReadiness.DEFAULT_TTL, TopicsReadiness.DEFAULT_TIMEOUT);
        this.view = new JobView(new AgentDirectory(Duration.ofSeconds(45)), clock,
                new JobView.Limits(config.viewMaxJobs(), config.viewMaxBytes(), config.viewMaxAge()),
                new UsageMeters(registry)::record);
        readiness.add("kafka", this::kafkaReachable)
                .add("topics", () -> kafkaUp && topicsReady.getAsBoolean())
                .add("view", view::caughtUp, "CATCHING_UP");
        this.supervisor = new Supervisor(readiness, registry, backoff);
        this.updater = new ViewUpdater(kafka, topics, view, new ViewBounds(config.maxDeadline(), registry), registry);
        this.fanOut = new FanOut(kafka, topics, config.instanceId(), config.fanOutProducers(), registry, supervisor);
        this.callbacks = new CallbackDispatcher(kafka, topics, view, new CallbackSender(
                CallbackSignature.key(config.callbackSecret().reveal()), config.callbackAllowPrivate(),
                config.callbackMaxAttempts(), config.callbackTimeout(), config.callbackBackoff()), clock, registry);
        Gauge.builder("switchboard.orchestrator.view.jobs", view, JobView::size).register(registry);
        Gauge.builder("switchboard.orchestrator.view.bytes", view, JobView::estimatedBytes)
                .description("The job view's estimated heap bytes at its last eviction check").register(registry);
        Gauge.builder("switchboard.orchestrator.view.evicted", view, JobView::evicted)
                .description("Jobs the view forgot by age or bounds since start").register(registry);
        this.ingress = config.ingress().enabled() ? new KafkaIngress(config.ingress(), config.instanceId(), kafka, topics,
                new SubmitRequestParser(config, topics.graph()), view, registry, clock) : null;
        this.api = new ApiServer(config, topics, new KafkaJobSubmissions(fanOut, view, topics, clock), view, view.usage(),
                new KafkaDeadLetters(kafka, topics, clock), registry, readiness, clock);
    }

    @Override
    public Orchestrator start() {
        updaterPart = supervisor.supervise(ViewUpdater.PART, decorate.apply(ViewUpdater.PART, updater));
        callbacksPart = supervisor.supervise(CallbackDispatcher.PART, decorate.apply(CallbackDispatcher.PART, callbacks));
        if (ingress != null) {
            ingressPart = supervisor.supervise(KafkaIngress.PART, decorate.apply(KafkaIngress.PART, ingress));
        }
        api.start();
        return this;
    }

    /** Names each key's owner id (non-secret), which /v1/usage and SWITCHBOARD_KEY_BUDGET_TOKENS know the key by. */
    private static void logOwnerIds(OrchestratorConfig config) {
        for (int i = 0; i < config.apiKeys().size(); i++) {
            log.info("API key {} of {} has owner id {}", i + 1, OrchestratorConfig.API_KEYS.envName(), OwnerIds.of(config.apiKeys().get(i)));
        }
        for (int i = 0; i < config.adminApiKeys().size(); i++) {
            log.info("Admin key {} of {} has owner id {}", i + 1, OrchestratorConfig.ADMIN_API_KEYS.envName(),
                    OwnerIds.of(config.adminApiKeys().get(i)));
        }
    }

    /**
     * Adds a check to {@code /health/ready}: the orchestrator answers 503, naming {@code name} in
     * {@code failing}, while {@code up} says false (or throws). For a process that embeds the
     * orchestrator and wants its readiness to cover its other parts (agent workers, the aggregator).
     * May be called before or after {@link #start()}; names must be unique.
     */
    public Orchestrator addReadinessCheck(String name, BooleanSupplier up) {
        readiness.add(name, up);
        return this;
    }

    /** What {@code /health/ready} answers now: every check passes. */
    @Override
    public boolean isReady() {
        return readiness().ready();
    }

    /** Never: the orchestrator restarts its own loops (its readiness reports them down meanwhile). */
    @Override
    public Optional<Throwable> failure() {
        return Optional.empty();
    }

    /** What {@code /health/ready} would answer now: every check's status and the failing ones. */
    public ReadinessChecks.Result readiness() {
        return readiness.evaluate();
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
            kafkaUp = true;
        } catch (Exception e) {
            kafkaUp = false;
        }
        return kafkaUp;
    }

    @Override
    public void close() {
        api.close();
        if (ingressPart != null) {
            ingressPart.close();
        }
        if (callbacksPart != null) {
            callbacksPart.close();
        }
        callbacks.close();
        if (updaterPart != null) {
            updaterPart.close();
        }
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
        KafkaSettings kafka = KafkaSettings.from(source);
        TopicCatalogue topics = TopicCatalogue.loadDefault();
        TopicProvisioner.provision(kafka, topics);
        Orchestrator orchestrator = new Orchestrator(OrchestratorConfig.from(source), kafka, topics);
        System.exit(ServiceRunner.of(orchestrator).run(() -> log.info("Orchestrator started")));
    }
}
