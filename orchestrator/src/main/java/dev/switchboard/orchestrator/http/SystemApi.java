package dev.switchboard.orchestrator.http;

import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.orchestrator.health.CachedReadiness;
import dev.switchboard.observability.management.ReadinessChecks;
import dev.switchboard.orchestrator.port.JobQueries;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** Agents, health, metrics and the OpenAPI document. */
final class SystemApi {
    private final JobQueries view;
    private final TopicCatalogue topics;
    private final PrometheusMeterRegistry registry;
    private final CachedReadiness readiness;
    private final Clock clock;
    private final String openApi;

    SystemApi(JobQueries view, TopicCatalogue topics, PrometheusMeterRegistry registry, CachedReadiness readiness, Clock clock) {
        this.view = view;
        this.topics = topics;
        this.registry = registry;
        this.readiness = readiness;
        this.clock = clock;
        this.openApi = loadOpenApi();
    }

    static String loadOpenApi() {
        try (InputStream in = SystemApi.class.getResourceAsStream("/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void agents(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("declared", topics.agentNames());
        body.put("agents", view.agentTypes(clock.instant()));
        Responses.json(ctx, 200, body);
    }

    void live(Context ctx) {
        Responses.json(ctx, 200, Map.of("status", "UP"));
    }

    /** 200 when every readiness check is up, else 503; {@code failing} names the checks that are not. Cached: see {@link CachedReadiness}. */
    void ready(Context ctx) {
        ReadinessChecks.Result result = readiness.evaluate();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", result.ready() ? ReadinessChecks.UP : ReadinessChecks.DOWN);
        body.put("checks", result.checks());
        body.put("failing", result.failing());
        Responses.json(ctx, result.ready() ? 200 : 503, body);
    }

    void metrics(Context ctx) {
        ctx.status(200).contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
    }

    void openApi(Context ctx) {
        ctx.status(200).contentType("application/json").result(openApi);
    }
}
