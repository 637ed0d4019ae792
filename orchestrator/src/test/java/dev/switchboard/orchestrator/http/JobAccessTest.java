package dev.switchboard.orchestrator.http;

import static dev.switchboard.orchestrator.http.TestApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.config.Secret;
import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.orchestrator.Http;
import dev.switchboard.orchestrator.OrchestratorConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A job is visible only to the key that submitted it, and to admin keys; to anyone else it does not exist (0021). */
class JobAccessTest {
    private static final String KEY_A = "api-key-alice-5c1e97d2";
    private static final String KEY_B = "api-key-bob-0a7f3b68e1";
    private static final String ADMIN = "admin-key-ops-e4d19c72";
    private final TestApi api = TestApi.start(OrchestratorConfig.custom()
            .apiKeys(List.of(Secret.of(KEY_A), Secret.of(KEY_B))).adminApiKeys(List.of(Secret.of(ADMIN))));
    private final Http alice = api.http(KEY_A);
    private final Http bob = api.http(KEY_B);
    private final Http admin = api.http(ADMIN);

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void shouldAnswerJobNotFoundToAnotherKeyOnEveryJobRoute() {
        // Given a job that key A submitted, its report ready
        String jobId = alice.postJson("/v1/jobs", "{\"document\":\"Great product.\"}").json().path("jobId").asText();
        api.queries.event(UUID.fromString(jobId), JobEvent.Type.REPORT_READY, null);

        // When key B asks for it on each route, Then it reads as a job that does not exist
        assertProblem(bob.get("/v1/jobs/" + jobId), 404, "job-not-found");
        assertProblem(bob.get("/v1/jobs/" + jobId + "/report"), 404, "job-not-found");
        assertProblem(bob.get("/v1/jobs/" + jobId + "/report?waitSeconds=5"), 404, "job-not-found");
        assertProblem(bob.get("/v1/jobs/" + jobId + "/events"), 404, "job-not-found");
        assertThat(bob.get("/v1/jobs/" + jobId).body()).isEqualTo(bob.get("/v1/jobs/" + UUID.randomUUID()).body()
                .replaceAll("[0-9a-f-]{36}", jobId));

        // And key A and the admin key read it on every route
        for (Http reader : List.of(alice, admin)) {
            assertThat(reader.get("/v1/jobs/" + jobId).status()).isEqualTo(200);
            assertThat(reader.get("/v1/jobs/" + jobId + "/report").status()).isEqualTo(202);
            Http.Response events = reader.get("/v1/jobs/" + jobId + "/events");
            assertThat(events.status()).isEqualTo(200);
            assertThat(events.body()).contains("event: REPORT_READY");
        }
    }

    @Test
    void shouldRecordTheSubmittingKeysFingerprintNeverTheKey() {
        // When key A and the admin key submit
        alice.postJson("/v1/jobs", "{\"document\":\"x\"}");
        String adminJob = admin.postJson("/v1/jobs", "{\"document\":\"y\"}").json().path("jobId").asText();

        // Then each manifest names its submitter by a fingerprint that is not the key
        assertThat(api.submissions.written()).extracting(w -> w.manifest().owner())
                .doesNotContainNull().doesNotHaveDuplicates().noneMatch(o -> o.contains(KEY_A) || o.contains(ADMIN));
        // and an admin's own job is an ordinary job to the other keys
        assertProblem(alice.get("/v1/jobs/" + adminJob), 404, "job-not-found");
    }

    @Test
    void shouldShowAJobWrittenBeforeOwnersExistedToEveryKeyAsBeforeTheUpgrade() {
        // Given a manifest from before the owner field (no owner): a job running across the upgrade
        UUID legacy = UUID.randomUUID();
        api.queries.put(JobManifest.create(legacy, List.of("sentiment"), Instant.now(), Instant.now().plusSeconds(60), null,
                Map.of()));

        // Then every key reads it on every route, as every key could before owners existed (its submitter's --wait goes on)
        for (Http reader : List.of(alice, bob, admin)) {
            assertThat(reader.get("/v1/jobs/" + legacy).status()).isEqualTo(200);
            assertThat(reader.get("/v1/jobs/" + legacy + "/report").status()).isEqualTo(202);
        }
        // And a request without a key still reads nothing
        assertProblem(api.http(null).get("/v1/jobs/" + legacy), 401, "unauthorized");
    }

    @Test
    void shouldAnswerACrossSiteTextPlainPostWithoutAKeyWith401() {
        // Given keys: a web page of another site can send a text/plain POST, but cannot add an Authorization header
        // without a CORS preflight, which this API never grants
        Http.Response response = api.http(null).post("/v1/jobs", "text/plain",
                "{\"document\":\"x\"}".getBytes(StandardCharsets.UTF_8), "Origin", "https://evil.example");

        // Then it is refused for want of a key, and nothing was submitted
        assertProblem(response, 401, "unauthorized");
        assertThat(response.header("Access-Control-Allow-Origin")).isNull();
        assertThat(api.submissions.written()).isEmpty();
    }
}
