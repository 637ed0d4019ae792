package dev.switchboard.orchestrator.http;

import static dev.switchboard.orchestrator.http.TestApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.config.Secret;
import dev.switchboard.orchestrator.Http;
import dev.switchboard.orchestrator.OrchestratorConfig;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** API keys guard everything but health, and scope idempotency keys (moved from ApiValidationIT: no broker needed). */
class ApiKeysTest {
    private final TestApi api = TestApi.start(OrchestratorConfig.custom().apiKeys(List.of(Secret.of("api-key-one-8d41c2"), Secret.of("api-key-two-6f90b3"))));
    private final Http anonymous = api.http(null);

    @AfterEach
    void stop() {
        api.close();
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
        assertProblem(api.http("wrong").get("/v1/agents"), 401, "unauthorized");
        assertThat(anonymous.get("/health/live").status()).isEqualTo(200);
        assertThat(anonymous.get("/health/ready").status()).isEqualTo(200);
        assertThat(api.http("api-key-two-6f90b3").get("/v1/agents").status()).isEqualTo(200);
        assertThat(api.http("api-key-one-8d41c2").postJson("/v1/jobs", "{\"document\":\"x\"}").status()).isEqualTo(202);
        assertThat(api.submissions.written()).hasSize(1);
    }

    @Test
    void shouldGiveEachCallerItsOwnJobForTheSameIdempotencyKey() {
        // Given two callers with different API keys using the same Idempotency-Key
        String body = "{\"document\":\"x\"}";
        Http.Response first = api.http("api-key-one-8d41c2").postJson("/v1/jobs", body, "Idempotency-Key", "shared");
        Http.Response second = api.http("api-key-two-6f90b3").postJson("/v1/jobs", body, "Idempotency-Key", "shared");

        // Then each gets a job of its own, neither a replay
        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(202);
        assertThat(second.json().path("jobId").asText()).isNotEqualTo(first.json().path("jobId").asText());
        assertThat(second.header("Idempotent-Replayed")).isNull();
        assertThat(api.submissions.written()).hasSize(2);
    }
}
