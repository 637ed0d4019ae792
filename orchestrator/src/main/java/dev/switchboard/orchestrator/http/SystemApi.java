package dev.switchboard.orchestrator.http;

import dev.switchboard.core.topic.TopicCatalogue;
import dev.switchboard.orchestrator.view.JobView;
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
    private final JobView view;
    private final TopicCatalogue topics;
    private final PrometheusMeterRegistry registry;
    private final Readiness readiness;
    private final Clock clock;
    private final String openApi;

    SystemApi(JobView view, TopicCatalogue topics, PrometheusMeterRegistry registry, Readiness readiness, Clock clock) {
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
        body.put("agents", view.agents().types(clock.instant()));
        Responses.json(ctx, 200, body);
    }

    void live(Context ctx) {
        Responses.json(ctx, 200, Map.of("status", "UP"));
    }

    void ready(Context ctx) {
        boolean kafka = readiness.kafkaReachable();
        boolean provisioned = kafka && readiness.topicsProvisioned();
        boolean caughtUp = view.caughtUp();
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("kafka", kafka ? "UP" : "DOWN");
        checks.put("topics", provisioned ? "UP" : "DOWN");
        checks.put("view", caughtUp ? "UP" : "CATCHING_UP");
        boolean ok = kafka && provisioned && caughtUp;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ok ? "UP" : "DOWN");
        body.put("checks", checks);
        Responses.json(ctx, ok ? 200 : 503, body);
    }

    void metrics(Context ctx) {
        ctx.status(200).contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
    }

    void openApi(Context ctx) {
        ctx.status(200).contentType("application/json").result(openApi);
    }
}
