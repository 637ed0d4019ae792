package dev.switchboard.orchestrator.http;

import static dev.switchboard.orchestrator.http.TestApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.config.Secret;
import dev.switchboard.orchestrator.Http;
import dev.switchboard.orchestrator.OrchestratorConfig;
import dev.switchboard.orchestrator.port.AgentType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every bad submit gets its own problem+json answer, and nothing is written (moved from ApiValidationIT: no broker needed). */
class SubmitValidationTest {
    private final TestApi api = TestApi.start(OrchestratorConfig.custom().maxDocumentBytes(2048).callbackSecret(Secret.of("validation-signing-5e27")));
    private final Http http = api.http(null);

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void shouldRejectEachKindOfBadSubmitWithItsOwnProblem() {
        assertProblem(http.postJson("/v1/jobs", "{\"document\":\"   \"}"), 400, "empty-document");
        assertProblem(http.postJson("/v1/jobs", "{}"), 400, "empty-document");
        assertProblem(http.postJson("/v1/jobs", "{\"document\":null}"), 400, "empty-document");
        assertProblem(http.postJson("/v1/jobs", "{\"document\":\"a\\u0000b\"}"), 400, "invalid-document");
        assertProblem(http.post("/v1/jobs", "text/plain", new byte[] {(byte) 0xC3, (byte) 0x28}), 400, "not-utf8");
        assertProblem(http.post("/v1/jobs", "text/plain", "x".repeat(4096).getBytes(StandardCharsets.UTF_8)), 413, "document-too-large");
        assertProblem(http.postJson("/v1/jobs", "{\"document\":\"x\",\"agents\":[\"sentiment\",\"telepathy\"]}"), 422, "unknown-agent");
        assertProblem(http.postJson("/v1/jobs", "{\"document\":\"x\",\"agents\":[]}"), 422, "no-agents");
        assertProblem(http.postJson("/v1/jobs", "{\"document\":\"x\",\"deadlineSeconds\":0}"), 422, "invalid-deadline");
        assertProblem(http.postJson("/v1/jobs", "{\"document\":\"x\",\"deadlineSeconds\":99999999999}"), 422, "invalid-deadline");
        assertProblem(http.postJson("/v1/jobs", "{\"document\":\"x\",\"deadlineSeconds\":\"soon\"}"), 422, "invalid-deadline");
        assertProblem(http.postJson("/v1/jobs", "{\"document\":\"x\",\"deadlineSeconds\":1.5}"), 422, "invalid-deadline");
        assertProblem(http.postJson("/v1/jobs", "{\"document\":\"x\",\"callbackUrl\":\"ftp://example.com/x\"}"), 422, "invalid-callback-url");
        assertProblem(http.postJson("/v1/jobs", "{\"document\":\"x\",\"callbackUrl\":\"not a url\"}"), 422, "invalid-callback-url");
        assertProblem(http.post("/v1/jobs", "application/xml", "<doc/>".getBytes(StandardCharsets.UTF_8)), 415, "unsupported-media-type");
        assertProblem(http.post("/v1/jobs", null, "x".getBytes(StandardCharsets.UTF_8)), 415, "unsupported-media-type");
        assertProblem(http.postJson("/v1/jobs", "{\"document\": \"x\""), 400, "malformed-json");
        assertProblem(http.postJson("/v1/jobs", "[1,2]"), 400, "malformed-json");
        assertProblem(http.postJson("/v1/jobs", "{\"document\":42}"), 422, "invalid-field");
        assertProblem(http.postJson("/v1/jobs", "{\"document\":{\"text\":\"x\",\"contentType\":5}}"), 422, "invalid-field");
        assertProblem(http.postJson("/v1/jobs", "{\"document\":\"x\",\"agents\":\"sentiment\"}"), 422, "invalid-field");
        assertProblem(http.postJson("/v1/jobs", "{\"document\":\"x\",\"agents\":[7]}"), 422, "invalid-field");
        assertProblem(http.postJson("/v1/jobs", "{\"document\":\"x\",\"metadata\":{\"a\":1}}"), 422, "invalid-field");
        assertProblem(http.postJson("/v1/jobs", "{\"document\":\"x\",\"metadata\":[]}"), 422, "invalid-field");
        assertThat(api.submissions.written()).isEmpty();
    }

    @Test
    void shouldBoundMetadataEntriesAndTheirLength() {
        String tooMany = IntStream.range(0, SubmitRequestParser.MAX_METADATA_ENTRIES + 1).mapToObj(i -> "\"k" + i + "\":\"v\"")
                .collect(Collectors.joining(",", "{", "}"));
        String longValue = "{\"k\":\"" + "v".repeat(SubmitRequestParser.MAX_METADATA_CHARS + 1) + "\"}";

        assertProblem(http.postJson("/v1/jobs", "{\"document\":\"x\",\"metadata\":" + tooMany + "}"), 422, "invalid-field");
        assertProblem(http.postJson("/v1/jobs", "{\"document\":\"x\",\"metadata\":" + longValue + "}"), 422, "invalid-field");
        assertThat(api.submissions.written()).isEmpty();
    }

    @Test
    void shouldRefuseAnIdempotencyKeyThatIsBlankOrLongerThan255Characters() {
        assertProblem(http.postJson("/v1/jobs", "{\"document\":\"x\"}", "Idempotency-Key", " "), 400, "invalid-idempotency-key");
        assertProblem(http.postJson("/v1/jobs", "{\"document\":\"x\"}", "Idempotency-Key", "k".repeat(256)), 400, "invalid-idempotency-key");
        assertThat(http.postJson("/v1/jobs", "{\"document\":\"x\"}", "Idempotency-Key", "k".repeat(255)).status()).isEqualTo(202);
    }

    @Test
    void shouldListTheKnownAgentsWhenOneIsUnknown() {
        Http.Response r = http.postJson("/v1/jobs", "{\"document\":\"x\",\"agents\":[\"telepathy\"]}");

        assertThat(r.json().path("knownAgents").toString()).contains("sentiment", "entities", "summary");
        assertThat(r.json().path("unknownAgents").get(0).asText()).isEqualTo("telepathy");
    }

    @Test
    void shouldRunWhatTheAskedAgentsNeedEachNeedBeforeItsFirstDependent() {
        // Given the bundled catalogue: synthesis needs sentiment, entities and summary (decision 0030)
        // When jobs ask for synthesis alone, for summary then synthesis, and for nothing (the default pipeline)
        Http.Response alone = http.postJson("/v1/jobs", "{\"document\":\"x\",\"agents\":[\"synthesis\",\"keywords\"]}");
        Http.Response mixed = http.postJson("/v1/jobs", "{\"document\":\"y\",\"agents\":[\"summary\",\"synthesis\"]}");
        Http.Response defaults = http.postJson("/v1/jobs", "{\"document\":\"z\"}");

        // Then each runs the closure, needs first and otherwise in the asked order
        assertThat(List.of(alone, mixed, defaults)).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(202));
        assertThat(api.submissions.written()).extracting(w -> w.request().agents()).containsExactly(
                List.of("sentiment", "entities", "summary", "synthesis", "keywords"),
                List.of("summary", "sentiment", "entities", "synthesis"),
                List.of("sentiment", "entities", "summary", "synthesis"));
    }

    @Test
    void shouldAcceptAnAgentThatIsNotDeclaredButAnnounced() {
        // Given an agent type the catalogue does not declare, announced on switchboard.agents
        Instant now = Instant.now();
        api.queries.announce(new AgentType("keywords", 1, now, null,
                List.of(new AgentType.Instance("i-1", "UP", true, 1, now, now))));

        // When a job asks for it, then it is accepted with that agent
        Http.Response r = http.postJson("/v1/jobs", "{\"document\":\"x\",\"agents\":[\"keywords\"]}");

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(api.submissions.written().get(0).manifest().agents()).containsExactly("keywords");
    }

    @Test
    void shouldRefuseCallbacksWhenNoSigningSecretIsConfigured() {
        try (TestApi unsigned = TestApi.start()) {
            Http.Response r = unsigned.http(null).postJson("/v1/jobs", "{\"document\":\"x\",\"callbackUrl\":\"https://example.com/hook\"}");

            assertProblem(r, 422, "callbacks-disabled");
            assertThat(unsigned.submissions.written()).isEmpty();
        }
    }

    @Test
    void shouldAnswerOddPathsAndMethodsWithProblemsNot5xx() {
        assertProblem(http.get("/v1/jobs/not-a-uuid"), 404, "job-not-found");
        assertProblem(http.get("/v1/jobs/" + UUID.randomUUID()), 404, "job-not-found");
        assertProblem(http.get("/v1/jobs/" + UUID.randomUUID() + "/report"), 404, "job-not-found");
        assertProblem(http.get("/v1/jobs/" + UUID.randomUUID() + "/events"), 404, "job-not-found");
        assertProblem(http.get("/v1/jobs/../../etc/passwd"), 404, "not-found");
        assertProblem(http.get("/nowhere"), 404, "not-found");
        assertThat(http.method("DELETE", "/v1/jobs").status()).isEqualTo(405);
        assertThat(http.method("PUT", "/v1/jobs/" + UUID.randomUUID()).status()).isIn(404, 405);
    }
}
