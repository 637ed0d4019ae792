package dev.switchboard.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.message.AgentRegistration;
import dev.switchboard.orchestrator.Http;
import dev.switchboard.orchestrator.OrchestratorConfig;
import dev.switchboard.orchestrator.health.CachedReadiness;
import dev.switchboard.orchestrator.port.AgentType;
import dev.switchboard.testkit.SteppingClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The OpenAPI document against the router, agents, health and metrics, over real HTTP with in-memory ports. */
class SystemApiTest {
    private final TestApi api = TestApi.start();
    private final Http http = api.http(null);

    @AfterEach
    void stop() {
        api.close();
    }

    /** Moved from OrchestratorIT: needs no broker. */
    @Test
    void shouldDocumentExactlyTheRoutesItServes() {
        JsonNode doc = http.get("/openapi.json").json();
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        List<Route> documented = new ArrayList<>();
        doc.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
                .forEachRemaining(m -> documented.add(new Route(m.toUpperCase(Locale.ROOT), p.getKey()))));
        assertThat(documented).containsExactlyInAnyOrderElementsOf(Route.ALL);
        UUID unknown = UUID.randomUUID();
        for (Route route : Route.ALL) {
            String path = route.path().replace("{id}", unknown.toString()).replace("{ref}", "sentiment:0:0");
            Http.Response r = route.method().equals("POST") ? http.postJson(path, "{}") : http.get(path);
            assertThat(r.status()).as(route.toString()).isNotIn(405, 500);
            if (r.status() == 404) {
                assertThat(r.json().path("type").asText()).as(route.toString())
                        .isIn("/problems/job-not-found", "/problems/dead-letter-not-found");
            }
        }
    }

    @Test
    void shouldListDeclaredAndAnnouncedAgents() {
        Instant now = Instant.now();
        AgentRegistration.Signals signals = new AgentRegistration.Signals(12, 3.5, 4, List.of(new AgentRegistration.Quota("acct", 3,
                new AgentRegistration.Amounts(10, 3, 2), new AgentRegistration.Amounts(100_000, 30_000, 1_200))));
        api.queries.announce(new AgentType("keywords", 1, now, null, List.of(new AgentType.Instance("i-1", "UP", true, 4, now, now,
                signals), new AgentType.Instance("i-0", "UP", true, 4, now, now)), signals));

        JsonNode agents = http.get("/v1/agents").json();

        assertThat(agents.path("declared").toString()).contains("sentiment", "entities", "summary");
        assertThat(agents.path("agents").get(0).path("name").asText()).isEqualTo("keywords");
        assertThat(agents.path("agents").get(0).path("liveInstances").asInt()).isEqualTo(1);
        assertThat(agents.path("agents").get(0).path("instances").get(0).path("instanceId").asText()).isEqualTo("i-1");
        // with the signals of the type and of each instance (absent for an instance that sent none: an older agent)
        JsonNode type = agents.path("agents").get(0);
        assertThat(type.path("signals").path("lagRecords").asLong()).isEqualTo(12);
        assertThat(type.path("signals").path("oldestTaskAgeSeconds").asDouble()).isEqualTo(3.5);
        assertThat(type.path("signals").path("inFlight").asInt()).isEqualTo(4);
        assertThat(type.path("signals").path("quota").get(0).path("requestsPerSecond").path("share").asLong()).isEqualTo(3);
        assertThat(type.path("signals").path("quota").get(0).path("tokensPerMinute").path("limit").asLong()).isEqualTo(100_000);
        assertThat(type.path("instances").get(0).path("signals").path("inFlight").asInt()).isEqualTo(4);
        assertThat(type.path("instances").get(1).has("signals")).isFalse();
    }

    @Test
    void shouldServeLivenessAndRequestMetricsByRoute() {
        assertThat(http.get("/health/live").json().path("status").asText()).isEqualTo("UP");
        http.get("/v1/jobs/" + UUID.randomUUID());

        Http.Response metrics = http.get("/metrics");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("switchboard_http_requests_seconds_count").contains("route=\"/v1/jobs/{id}\"");
    }

    @Test
    void shouldRunTheReadinessChecksOnceForEveryRequestWithinTheCacheTime() {
        // Given an API on a clock that stands still unless moved, and a check that counts its runs
        SteppingClock clock = new SteppingClock(Instant.parse("2026-01-01T00:00:00Z"));
        AtomicInteger runs = new AtomicInteger();
        try (TestApi cached = TestApi.start(OrchestratorConfig.custom(), clock)) {
            cached.readiness.add("counted", () -> runs.incrementAndGet() > 0);
            Http anonymous = cached.http(null);

            // When 20 requests arrive within the cache time
            for (int i = 0; i < 20; i++) {
                assertThat(anonymous.get("/health/ready").status()).isEqualTo(200);
            }

            // Then the checks ran once
            assertThat(runs).hasValue(1);

            // And once the cache time has passed, the next request runs them again
            clock.advance(CachedReadiness.DEFAULT_TTL);
            assertThat(anonymous.get("/health/ready").json().path("checks").path("counted").asText()).isEqualTo("UP");
            assertThat(runs).hasValue(2);
        }
    }
}
