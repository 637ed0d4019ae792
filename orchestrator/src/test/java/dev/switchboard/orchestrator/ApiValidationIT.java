package dev.switchboard.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.config.Secret;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.testkit.KafkaTest;
import dev.switchboard.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every bad request gets a clear problem+json answer; API keys guard everything but health. */
@KafkaTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiValidationIT {
    private Orchestrator orchestrator;
    private Http http;
    private Http anonymous;

    @BeforeAll
    void start(TestKafka kafka) {
        orchestrator = new Orchestrator(OrchestratorConfig.custom().port(0).apiKeys(List.of(Secret.of("key-1"), Secret.of("key-2")))
                .maxDocumentBytes(2048).callbackSecret(Secret.of("s")).build(),
                KafkaSettings.of(kafka.bootstrapServers()), TopicCatalogue.bundled()).start();
        http = new Http(orchestrator.port(), "key-2");
        anonymous = new Http(orchestrator.port(), null);
        await().atMost(Duration.ofSeconds(30)).until(() -> orchestrator.view().caughtUp());
    }

    @AfterAll
    void stop() {
        orchestrator.close();
    }

    private static void assertProblem(Http.Response r, int status, String type) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().path("status").asInt()).isEqualTo(status);
        assertThat(r.json().path("type").asText()).isEqualTo("/problems/" + type);
        assertThat(r.json().path("detail").asText()).isNotBlank();
    }

    @Test
    void shouldRejectEachKindOfBadSubmitWithItsOwnProblem() {
        assertProblem(http.postJson("/v1/jobs", "{\"document\":\"   \"}"), 400, "empty-document");
        assertProblem(http.postJson("/v1/jobs", "{}"), 400, "empty-document");
        assertProblem(http.post("/v1/jobs", "text/plain", new byte[] {(byte) 0xC3, (byte) 0x28}), 400, "not-utf8");
        assertProblem(http.post("/v1/jobs", "text/plain", "x".repeat(4096).getBytes(StandardCharsets.UTF_8)), 413, "document-too-large");
        assertProblem(http.postJson("/v1/jobs", "{\"document\":\"x\",\"agents\":[\"sentiment\",\"telepathy\"]}"), 422, "unknown-agent");
        assertProblem(http.postJson("/v1/jobs", "{\"document\":\"x\",\"deadlineSeconds\":0}"), 422, "invalid-deadline");
        assertProblem(http.postJson("/v1/jobs", "{\"document\":\"x\",\"deadlineSeconds\":99999999999}"), 422, "invalid-deadline");
        assertProblem(http.postJson("/v1/jobs", "{\"document\":\"x\",\"deadlineSeconds\":\"soon\"}"), 422, "invalid-deadline");
        assertProblem(http.postJson("/v1/jobs", "{\"document\":\"x\",\"callbackUrl\":\"ftp://example.com/x\"}"), 422, "invalid-callback-url");
        assertProblem(http.postJson("/v1/jobs", "{\"document\":\"x\",\"callbackUrl\":\"not a url\"}"), 422, "invalid-callback-url");
        assertProblem(http.post("/v1/jobs", "application/xml", "<doc/>".getBytes(StandardCharsets.UTF_8)), 415, "unsupported-media-type");
        assertProblem(http.post("/v1/jobs", null, "x".getBytes(StandardCharsets.UTF_8)), 415, "unsupported-media-type");
        assertProblem(http.postJson("/v1/jobs", "{\"document\": \"x\""), 400, "malformed-json");
        assertProblem(http.postJson("/v1/jobs", "[1,2]"), 400, "malformed-json");
        assertProblem(http.postJson("/v1/jobs", "{\"document\":42}"), 422, "invalid-field");
        assertProblem(http.postJson("/v1/jobs", "{\"document\":\"x\",\"agents\":\"sentiment\"}"), 422, "invalid-field");
        assertProblem(http.postJson("/v1/jobs", "{\"document\":\"x\",\"metadata\":{\"a\":1}}"), 422, "invalid-field");
    }

    @Test
    void shouldListTheKnownAgentsWhenOneIsUnknown() {
        Http.Response r = http.postJson("/v1/jobs", "{\"document\":\"x\",\"agents\":[\"telepathy\"]}");
        assertThat(r.json().path("knownAgents").toString()).contains("sentiment", "entities", "summary");
        assertThat(r.json().path("unknownAgents").get(0).asText()).isEqualTo("telepathy");
    }

    @Test
    void shouldAnswerOddPathsAndMethodsWithProblemsNot5xx() {
        assertProblem(http.get("/v1/jobs/not-a-uuid"), 404, "job-not-found");
        assertProblem(http.get("/v1/jobs/" + UUID.randomUUID()), 404, "job-not-found");
        assertProblem(http.get("/v1/jobs/" + UUID.randomUUID() + "/report"), 404, "job-not-found");
        assertProblem(http.get("/v1/jobs/../../etc/passwd"), 404, "not-found");
        assertProblem(http.get("/nowhere"), 404, "not-found");
        assertThat(http.method("DELETE", "/v1/jobs").status()).isEqualTo(405);
        assertThat(http.method("PUT", "/v1/jobs/" + UUID.randomUUID()).status()).isIn(404, 405);
    }

    @Test
    void shouldRequireAnApiKeyOnEverythingButHealth() {
        assertProblem(anonymous.postJson("/v1/jobs", "{\"document\":\"x\"}"), 401, "unauthorized");
        assertProblem(anonymous.get("/v1/agents"), 401, "unauthorized");
        assertProblem(anonymous.get("/metrics"), 401, "unauthorized");
        assertProblem(anonymous.get("/openapi.json"), 401, "unauthorized");
        assertProblem(anonymous.get("/v1/jobs/" + UUID.randomUUID() + "/events"), 401, "unauthorized");
        assertProblem(anonymous.get("/v1/jobs/" + UUID.randomUUID()), 401, "unauthorized");
        assertProblem(anonymous.get("/v1/jobs/" + UUID.randomUUID() + "/report"), 401, "unauthorized");
        assertThat(anonymous.get("/v1/agents").header("WWW-Authenticate")).startsWith("Bearer");
        assertProblem(new Http(orchestrator.port(), "wrong").get("/v1/agents"), 401, "unauthorized");
        assertThat(anonymous.get("/health/live").status()).isEqualTo(200);
        assertThat(anonymous.get("/health/ready").status()).isEqualTo(200);
        assertThat(http.get("/v1/agents").status()).isEqualTo(200);
        assertThat(new Http(orchestrator.port(), "key-1").postJson("/v1/jobs", "{\"document\":\"x\"}").status()).isEqualTo(202);
    }

    @Test
    void shouldRefuseCallbacksWhenNoSigningSecretIsConfigured(TestKafka kafka) {
        try (Orchestrator unsigned = new Orchestrator(OrchestratorConfig.custom().port(0).build(),
                KafkaSettings.of(kafka.bootstrapServers()), TopicCatalogue.bundled()).start()) {
            Http.Response r = new Http(unsigned.port(), null).postJson("/v1/jobs",
                    "{\"document\":\"x\",\"callbackUrl\":\"https://example.com/hook\"}");
            assertProblem(r, 422, "callbacks-disabled");
        }
    }
}
