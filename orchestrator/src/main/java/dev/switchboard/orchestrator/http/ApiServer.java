package dev.switchboard.orchestrator.http;

import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.orchestrator.OrchestratorConfig;
import dev.switchboard.orchestrator.health.CachedReadiness;
import dev.switchboard.observability.management.ReadinessChecks;
import dev.switchboard.orchestrator.port.DeadLetters;
import dev.switchboard.orchestrator.port.JobQueries;
import dev.switchboard.orchestrator.port.JobSubmissions;
import dev.switchboard.orchestrator.port.UsageQueries;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's HTTP API on Javalin: routes, API keys, problem answers, request metrics. It
 * knows jobs only through the submit port ({@link JobSubmissions}) and the read-model port
 * ({@link JobQueries}), never Kafka: tests drive it over real HTTP with in-memory ports.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    private static final String CALLER = "switchboard.caller";
    private static final String STARTED = "switchboard.started";

    private final Javalin app;
    private final OrchestratorConfig config;
    private final ScheduledExecutorService streams;

    public ApiServer(OrchestratorConfig config, TopicCatalogue topics, JobSubmissions submissions, JobQueries view,
                     PrometheusMeterRegistry registry, ReadinessChecks readiness, Clock clock) {
        this(config, topics, submissions, view, UsageQueries.NONE, registry, readiness, clock);
    }

    /** {@code usage} answers {@code GET /v1/usage}. */
    public ApiServer(OrchestratorConfig config, TopicCatalogue topics, JobSubmissions submissions, JobQueries view,
                     UsageQueries usage, PrometheusMeterRegistry registry, ReadinessChecks readiness, Clock clock) {
        this(config, topics, submissions, view, usage, DeadLetters.NONE, registry, readiness, clock);
    }

    /** {@code deadLetters} answers {@code /v1/dlq} (decision 0026). */
    public ApiServer(OrchestratorConfig config, TopicCatalogue topics, JobSubmissions submissions, JobQueries view,
                     UsageQueries usage, DeadLetters deadLetters, PrometheusMeterRegistry registry, ReadinessChecks readiness,
                     Clock clock) {
        this.config = config;
        ApiKeys keys = new ApiKeys(config);
        CallerLimits waits = CallerLimits.waits(config.maxStreams(), config.maxStreamsPerCaller());
        // one pool; blocking submits may hold at most maxBlockingSubmits of it, streams and long-polls none (0018)
        QueuedThreadPool pool = new QueuedThreadPool(OrchestratorConfig.API_THREADS, 8, 60_000);
        pool.setName("switchboard-api");
        // a long-poll's answer is written on this pool, never on the thread that completes the report (the view's)
        JobsApi jobs = new JobsApi(new SubmitRequestParser(config, topics.graph()), submissions, view, topics, config, waits, pool);
        BatchApi batch = new BatchApi(new BatchRequestParser(new SubmitRequestParser(config, topics.graph())), submissions, jobs,
                config.maxBatchBytes());
        CallerLimits submits = CallerLimits.submits(config.maxBlockingSubmits());
        this.streams = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-streams");
            t.setDaemon(true);
            return t;
        });
        EventsApi events = new EventsApi(view, clock, waits, streams, config.streamMaxLifetime());
        DlqApi dlq = new DlqApi(deadLetters, clock);
        SystemApi system = new SystemApi(view, topics, registry,
                new CachedReadiness(readiness, clock, CachedReadiness.DEFAULT_TTL), clock);
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = config.maxDocumentBytes() + 1;
            cfg.http.prefer405over404 = true;
            cfg.jetty.host = config.host();
            cfg.jetty.port = config.port();
            cfg.jetty.threadPool = pool;
            cfg.jetty.addConnector((server, http) -> { // Javalin's own connector, with the idle timeout set
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
                connector.setHost(config.host());
                connector.setPort(config.port());
                connector.setIdleTimeout(config.httpIdleTimeout().toMillis());
                return connector;
            });
            cfg.routes.before(ctx -> {
                ctx.attribute(STARTED, System.nanoTime());
                if (DashboardAssets.serves(ctx.path())) {
                    keys.guardKeyless(ctx); // the dashboard's files need no key (decision 0033)
                } else if (!ctx.path().startsWith("/health/")) {
                    ctx.attribute(CALLER, keys.authenticate(ctx));
                }
                JobsApi.refuseWhileCatchingUp(ctx, view); // decision 0020
            });
            cfg.routes.post("/v1/jobs", ctx -> {
                try (CallerLimits.Slot slot = submits.acquire(ctx, caller(ctx))) {
                    jobs.submit(ctx, caller(ctx));
                }
            });
            cfg.routes.post("/v1/jobs:batch", ctx -> { // one request thread for the whole batch (decision 0037)
                try (CallerLimits.Slot slot = submits.acquire(ctx, caller(ctx))) {
                    batch.submit(ctx, caller(ctx));
                }
            });
            cfg.routes.get("/v1/jobs", new JobListApi(view)::list);
            cfg.routes.get("/v1/jobs/{id}", jobs::status);
            cfg.routes.get("/v1/jobs/{id}/report", jobs::report);
            cfg.routes.get("/v1/jobs/{id}/events", events::events);
            cfg.routes.get("/v1/agents", system::agents);
            cfg.routes.get("/v1/usage", new UsageApi(usage, clock)::usage);
            cfg.routes.get("/v1/dlq", dlq::list);
            cfg.routes.post("/v1/dlq/replay", dlq::replay);
            cfg.routes.get("/v1/dlq/{ref}", dlq::show);
            cfg.routes.get("/health/live", system::live);
            cfg.routes.get("/health/ready", system::ready);
            cfg.routes.get("/metrics", system::metrics);
            cfg.routes.get("/openapi.json", system::openApi);
            cfg.routes.get("/", DashboardAssets::home);
            cfg.routes.get("/ui", DashboardAssets::index);
            cfg.routes.get("/ui/<file>", DashboardAssets::file);
            cfg.routes.after(ctx -> record(registry, ctx));
            cfg.routes.exception(ProblemException.class, (e, ctx) -> Responses.problem(ctx, e.problem()));
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> Responses.problem(ctx, fromJavalin(e)));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                if (causedByIo(e)) {
                    // the client sent less than it announced, or went away while sending
                    Responses.problem(ctx, Problem.of(400, "incomplete-request", "Incomplete request",
                            "The request body ended before its announced length"));
                    return;
                }
                log.error("Unexpected error on {} {}", ctx.method(), ctx.path(), e);
                Responses.problem(ctx, Problem.of(500, "internal-error", "Internal error", "Something went wrong on our side"));
            });
            cfg.routes.error(404, ctx -> {
                if (ctx.result() == null) {
                    Responses.problem(ctx, Problem.of(404, "not-found", "Not found", "No such resource"));
                }
            });
            cfg.routes.error(405, ctx -> {
                if (ctx.result() == null) {
                    Responses.problem(ctx, Problem.of(405, "method-not-allowed", "Method not allowed",
                            ctx.method() + " is not allowed on " + ctx.path()));
                }
            });
        });
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.io.IOException || t instanceof java.io.UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    /** The caller's id: its key's fingerprint, or {@link ApiKeys#ANONYMOUS}. */
    static String caller(Context ctx) {
        String caller = ctx.attribute(CALLER);
        return caller == null ? ApiKeys.ANONYMOUS : caller;
    }

    private static Problem fromJavalin(HttpResponseException e) {
        int status = e.getStatus();
        return switch (status) {
            case 413 -> Problem.of(413, "document-too-large", "Document too large", "The body is larger than the limit");
            case 404 -> Problem.of(404, "not-found", "Not found", "No such resource");
            case 405 -> Problem.of(405, "method-not-allowed", "Method not allowed", "This method is not allowed here");
            case 400 -> Problem.of(400, "bad-request", "Bad request", String.valueOf(e.getMessage()));
            default -> Problem.of(status, "http-" + status, "HTTP " + status, String.valueOf(e.getMessage()));
        };
    }

    private static void record(PrometheusMeterRegistry registry, Context ctx) {
        Long started = ctx.attribute(STARTED);
        if (started == null) {
            return;
        }
        String route = Route.match(ctx.method().name(), ctx.path()).map(Route::path)
                .or(() -> DashboardAssets.metricRoute(ctx.path())).orElse("unmatched");
        Timer.builder("switchboard.http.requests")
                .tag("method", ctx.method().name())
                .tag("route", route)
                .tag("status", Integer.toString(ctx.statusCode()))
                .register(registry)
                .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public ApiServer start() {
        app.start();
        log.info("Orchestrator API listening on http://{}:{} ({})", config.host(), app.port(), accessSummary(config));
        return this;
    }

    /** What guards the API, as the start log states it: exactly what {@link ApiKeys} and {@link LoopbackGuard} check. */
    static String accessSummary(OrchestratorConfig config) {
        if (!config.keyless()) {
            return config.apiKeys().size() + " API key(s) and " + config.adminApiKeys().size() + " admin key(s) required";
        }
        if (config.loopbackOnly()) {
            return "no API keys: loopback only; requests not addressed to localhost/127.0.0.1/[::1] and browser requests"
                    + " from other sites are refused";
        }
        return "no API keys, --insecure: UNSAFE on a network, open to anyone who can reach it, with no Host check; only"
                + " browser requests from other sites (Origin, Sec-Fetch-Site) are refused";
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
        streams.shutdownNow();
    }
}
