package dev.switchboard.orchestrator.http;

import static dev.switchboard.orchestrator.http.TestApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.orchestrator.Http;
import dev.switchboard.orchestrator.OrchestratorConfig;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/jobs:batch} over real HTTP on the in-memory ports (decision 0037): parsing, limits, per-item answers. */
class BatchApiTest {
    private static final String NDJSON = "application/x-ndjson";
    private final TestApi api = TestApi.start(OrchestratorConfig.custom().maxDocumentBytes(2048).maxBatchBytes(64 * 1024));
    private final Http http = api.http(null);

    @AfterEach
    void stop() {
        api.close();
    }

    private Http.Response batch(String contentType, String body) {
        return http.post("/v1/jobs:batch", contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String lines(int n) {
        return IntStream.range(0, n).mapToObj(i -> "{\"document\":\"doc " + i + "\",\"agents\":[\"sentiment\"]}")
                .collect(Collectors.joining("\n"));
    }

    @Test
    void shouldServeTheColonPathAsALiteralRoute() {
        // When the batch path and look-alikes are asked for
        Http.Response batch = batch(NDJSON, "{\"document\":\"x\"}");

        // Then only the literal /v1/jobs:batch is the batch route; /v1/jobs:<anything> is no route at all
        assertThat(batch.status()).as(batch.body()).isEqualTo(200);
        assertProblem(http.post("/v1/jobs:other", NDJSON, "{}".getBytes(StandardCharsets.UTF_8)), 404, "not-found");
        assertProblem(http.post("/v1/jobsbatch", NDJSON, "{}".getBytes(StandardCharsets.UTF_8)), 404, "not-found");
        assertThat(api.submissions.written()).hasSize(1);
    }

    @Test
    void shouldAnswerEachNdjsonLineInOrderRefusingOnlyTheBadOnes() {
        // Given NDJSON with a blank line, a malformed line and an unknown agent between good items
        String body = "{\"document\":\"first\"}\n\n{\"document\": oops\n{\"document\":\"x\",\"agents\":[\"telepathy\"]}\r\n"
                + "{\"document\":\"last\",\"metadata\":{\"source\":\"batch\"}}\n";

        // When it is submitted
        Http.Response r = batch(NDJSON + "; charset=utf-8", body);

        // Then one answer per non-blank line, in order: two jobs, two problems with their own types
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode items = r.json().path("items");
        assertThat(items).hasSize(4);
        assertThat(items.get(0).path("jobId").asText()).hasSize(36);
        assertThat(items.get(0).path("replayed").asBoolean()).isFalse();
        assertThat(items.get(1).path("problem").path("type").asText()).isEqualTo("/problems/malformed-json");
        assertThat(items.get(1).path("problem").path("status").asInt()).isEqualTo(400);
        assertThat(items.get(2).path("problem").path("type").asText()).isEqualTo("/problems/unknown-agent");
        assertThat(items.get(3).path("index").asInt()).isEqualTo(3);
        assertThat(items.get(3).path("jobId").asText()).hasSize(36);
        assertThat(r.json().path("accepted").asInt()).isEqualTo(2);
        assertThat(r.json().path("refused").asInt()).isEqualTo(2);
        assertThat(api.submissions.written()).extracting(w -> w.request().text()).containsExactly("first", "last");
    }

    @Test
    void shouldTakeAJsonArrayWithPerItemIdempotencyKeys() {
        // Given an array whose items carry keys, one reused for another document, one invalid
        String body = "[{\"document\":\"a\",\"idempotencyKey\":\"k-a\"},{\"document\":\"b\",\"idempotencyKey\":\"k-a\"},"
                + "{\"document\":\"c\",\"idempotencyKey\":\"\"},{\"document\":\"d\",\"idempotencyKey\":7}]";

        // When it is submitted twice
        JsonNode first = batch("application/json", body).json();
        JsonNode again = batch("application/json", body).json();

        // Then the keyed item is one job, replayed the second time; the reuse and the bad keys are refused per item
        assertThat(first.path("items").get(0).path("replayed").asBoolean()).isFalse();
        assertThat(again.path("items").get(0).path("replayed").asBoolean()).isTrue();
        assertThat(again.path("items").get(0).path("jobId")).isEqualTo(first.path("items").get(0).path("jobId"));
        assertThat(first.path("items").get(1).path("problem").path("type").asText()).isEqualTo("/problems/idempotency-key-reused");
        assertThat(first.path("items").get(1).path("problem").path("status").asInt()).isEqualTo(409);
        assertThat(first.path("items").get(2).path("problem").path("type").asText()).isEqualTo("/problems/invalid-idempotency-key");
        assertThat(first.path("items").get(3).path("problem").path("type").asText()).isEqualTo("/problems/invalid-idempotency-key");
        assertThat(api.submissions.written()).hasSize(1);
    }

    @Test
    void shouldRefuseAWholeBodyOnlyWhenItIsUnusable() {
        assertProblem(batch(NDJSON, lines(BatchRequestParser.MAX_ITEMS + 1)), 422, "too-many-items");
        assertProblem(batch("application/json", "[" + lines(BatchRequestParser.MAX_ITEMS + 1).replace("\n", ",") + "]"), 422,
                "too-many-items");
        assertProblem(batch(NDJSON, "\n \n"), 400, "empty-batch");
        assertProblem(batch("application/json", "{\"document\":\"x\"}"), 400, "malformed-json");
        assertProblem(batch("text/plain", "x"), 415, "unsupported-media-type");
        assertProblem(batch(NDJSON, "{\"document\":\"" + "x".repeat(64 * 1024) + "\"}"), 413, "batch-too-large");
        assertThat(api.submissions.written()).isEmpty();
    }

    @Test
    void shouldTakeABodyOverTheDocumentLimitWhileEachItemIsWithinIt() {
        // Given 100 items, about 5 KB together: over the 2 KiB document limit, within the batch limit
        String body = lines(100);
        assertThat(body.length()).isGreaterThan(2048);

        // When submitted, Then every item is accepted, while one item over the document limit is refused alone
        Http.Response r = batch(NDJSON, body + "\n{\"document\":\"" + "y".repeat(4096) + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("accepted").asInt()).isEqualTo(100);
        assertThat(r.json().path("items").get(100).path("problem").path("type").asText()).isEqualTo("/problems/document-too-large");
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenKafkaTookNoItemOfTheBatch() {
        // Given a Kafka that takes nothing
        api.submissions.refuseWith(new dev.switchboard.orchestrator.port.FanOutException("down", null));

        // When a batch of three comes
        Http.Response r = batch(NDJSON, lines(3));

        // Then the batch as a whole is to be retried later, not answered 200 with three 503 items
        assertProblem(r, 503, "kafka-unavailable");
        assertThat(r.header("Retry-After")).isEqualTo("5");
    }

    @Test
    void shouldAnswer429WhileTwoBatchesAreInHand() throws Exception {
        // Given two batches whose writes are held
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        api.submissions.holdWrites(gate);
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<Http.Response> first = clients.submit(() -> batch(NDJSON, lines(1)));
            java.util.concurrent.Future<Http.Response> second = clients.submit(() -> batch(NDJSON, lines(1)));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> api.submissions.holding() == 2);

            // When a third batch comes
            Http.Response third = batch(NDJSON, lines(1));

            // Then it is refused at once, to be retried shortly, and the two in hand finish once their writes go on
            assertProblem(third, 429, "too-many-batches");
            assertThat(third.header("Retry-After")).isNotBlank();
            gate.countDown();
            assertThat(first.get().status()).isEqualTo(200);
            assertThat(second.get().status()).isEqualTo(200);
            assertThat(batch(NDJSON, lines(1)).status()).isEqualTo(200);
        } finally {
            gate.countDown();
            clients.shutdownNow();
        }
    }
}
