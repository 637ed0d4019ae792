package dev.switchboard.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.orchestrator.Http;
import dev.switchboard.orchestrator.OrchestratorConfig;
import dev.switchboard.observability.management.ReadinessChecks;
import dev.switchboard.orchestrator.port.InMemoryJobQueries;
import dev.switchboard.orchestrator.port.InMemoryJobSubmissions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;

/** The real Javalin server on an ephemeral port over the in-memory ports: no broker. */
final class TestApi implements AutoCloseable {
    final TopicCatalogue topics = TopicCatalogue.bundled();
    final InMemoryJobQueries queries = new InMemoryJobQueries();
    final InMemoryJobSubmissions submissions = new InMemoryJobSubmissions(queries, Clock.systemUTC());
    final ReadinessChecks readiness = new ReadinessChecks().add("kafka", () -> true);
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ApiServer server;

    private TestApi(OrchestratorConfig config, Clock clock) {
        this.server = new ApiServer(config, topics, submissions, queries, registry, readiness, clock).start();
    }

    /** {@code config} with port 0. */
    static TestApi start(OrchestratorConfig.Builder config) {
        return start(config, Clock.systemUTC());
    }

    /** {@code config} with port 0; the API reads the time from {@code clock}. */
    static TestApi start(OrchestratorConfig.Builder config, Clock clock) {
        return new TestApi(config.port(0).build(), clock);
    }

    static TestApi start() {
        return start(OrchestratorConfig.custom());
    }

    Http http(String apiKey) {
        return new Http(server.port(), apiKey);
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }

    /** A problem+json answer of {@code status} and {@code /problems/<type>}, with a detail. */
    static void assertProblem(Http.Response r, int status, String type) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().path("status").asInt()).isEqualTo(status);
        assertThat(r.json().path("type").asText()).isEqualTo("/problems/" + type);
        assertThat(r.json().path("detail").asText()).isNotBlank();
    }
}
