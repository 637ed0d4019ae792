package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The CLI's client against a scripted server: {@code submit --wait} backs off and honours Retry-After when the server
 * cannot hold a long poll; a submit answered "not now" is sent again with the same idempotency key.
 */
class ApiClientTest {
    private final HttpServer server;
    private final AtomicInteger polls = new AtomicInteger();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final List<String> submitKeys = new CopyOnWriteArrayList<>();
    private final List<String> submitBodies = new CopyOnWriteArrayList<>();
    /** The statuses the submit endpoint answers, in order; 202 once they are used up. */
    private final Queue<Integer> submitAnswers = new ConcurrentLinkedQueue<>();

    ApiClientTest() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // a server that answers every long poll at once: 202, not ready, retry after 1 s
        server.createContext("/v1/jobs/", exchange -> {
            polls.incrementAndGet();
            queries.add(exchange.getRequestURI().getQuery());
            byte[] body = "{\"status\":\"RUNNING\",\"detail\":\"The report is not ready yet\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Retry-After", "1");
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(202, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/v1/jobs", exchange -> {
            submitKeys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            submitBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int status = submitAnswers.isEmpty() ? 202 : submitAnswers.poll();
            String body = status == 202 ? "{\"jobId\":\"01a2258e-f1bb-7e12-8107-64c7015477bb\",\"status\":\"PENDING\"}"
                    : "{\"type\":\"https://switchboard.dev/problems/" + (status == 503 ? "view-catching-up" : "invalid-document")
                    + "\",\"status\":" + status + ",\"detail\":\"not now\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Retry-After", "1");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @Test
    void shouldSendASubmitAnsweredNotNowAgainWithTheSameIdempotencyKey() throws Exception {
        // Given a server that is catching up for its first two answers
        submitAnswers.addAll(List.of(503, 503));
        ApiClient client = new ApiClient("http://127.0.0.1:" + server.getAddress().getPort(), null);

        // When the CLI submits
        long started = System.nanoTime();
        String jobId = client.submit("a document", null);

        // Then it got the job after two pauses of at least Retry-After, and sent one key three times (one job at most)
        assertThat(jobId).isEqualTo("01a2258e-f1bb-7e12-8107-64c7015477bb");
        assertThat(submitKeys).hasSize(3).doesNotContainNull().containsOnly(submitKeys.get(0));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1_900));
    }

    @Test
    void shouldSendABatchAnswered503AgainWithTheSameKeys() throws Exception {
        // Given a batch endpoint that has no Kafka for its first answer (503, Retry-After), then takes the batch
        List<String> batchBodies = new CopyOnWriteArrayList<>();
        server.createContext("/v1/jobs:batch", exchange -> {
            batchBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            boolean first = batchBodies.size() == 1;
            byte[] bytes = (first ? "{\"type\":\"https://switchboard.dev/problems/kafka-unavailable\",\"status\":503}"
                    : "{\"items\":[{\"index\":0,\"jobId\":\"j-1\"},{\"index\":1,\"problem\":{\"detail\":\"bad\"}}]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Retry-After", "1");
            exchange.sendResponseHeaders(first ? 503 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        ApiClient client = new ApiClient("http://127.0.0.1:" + server.getAddress().getPort(), null);

        // When the CLI submits a batch of two
        List<ApiClient.BatchAnswer> answers = client.submitBatch(List.of("one", "two"), null, null, null, null);

        // Then it sent the same body (the same keys) again and got each item's answer
        assertThat(batchBodies).hasSize(2).containsOnly(batchBodies.get(0));
        assertThat(answers).containsExactly(new ApiClient.BatchAnswer("j-1", null), new ApiClient.BatchAnswer(null, "bad"));
    }

    @Test
    void shouldSplitBatchesByBytesAsWellAsByCount() {
        // When lines are batched by at most 3 items and 100 bytes
        List<List<Integer>> batches = SubmitCommand.batches(List.of(40L, 40L, 40L, 10L, 10L, 10L, 10L, 500L, 1L), 3, 100);

        // Then no batch passes either limit, except a line over the byte limit alone
        assertThat(batches).containsExactly(List.of(0, 1), List.of(2, 3, 4), List.of(5, 6), List.of(7), List.of(8));
    }

    @Test
    void shouldSendTheBudgetAsJsonWhenOneIsGiven() throws Exception {
        ApiClient client = new ApiClient("http://127.0.0.1:" + server.getAddress().getPort(), null);

        // When the CLI submits with --budget-tokens and no agents
        client.submit("a document", null, 5000L);

        // Then the body is JSON with the document and the budget
        com.fasterxml.jackson.databind.JsonNode body = dev.switchboard.contracts.message.Json.fromString(submitBodies.get(0),
                com.fasterxml.jackson.databind.JsonNode.class);
        assertThat(body.path("document").asText()).isEqualTo("a document");
        assertThat(body.path("budget").path("maxTokens").asLong()).isEqualTo(5000);
        assertThat(body.has("agents")).isFalse();
    }

    @Test
    void shouldNotRetryASubmitTheServerRefused() {
        // Given a server that refuses the document
        submitAnswers.add(422);
        ApiClient client = new ApiClient("http://127.0.0.1:" + server.getAddress().getPort(), null);

        // When / Then the CLI reports it at once, after one request
        assertThatThrownBy(() -> client.submit("a document", null)).isInstanceOf(IOException.class).hasMessageContaining("HTTP 422");
        assertThat(submitKeys).hasSize(1);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void shouldPauseAtLeastRetryAfterBetweenPollsThatComeBackAtOnce() throws Exception {
        // Given the client waiting 3 s for a report that never comes, from a server that does not hold the poll
        ApiClient client = new ApiClient("http://127.0.0.1:" + server.getAddress().getPort(), null);

        // When it waits
        long started = System.nanoTime();
        assertThat(client.awaitReport("01a2258e-f1bb-7e12-8107-64c7015477bb", Duration.ofSeconds(3))).isEmpty();

        // Then it asked a handful of times (Retry-After: 1), not back-to-back, and gave up at its timeout
        assertThat(polls.get()).isBetween(2, 5);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(2_500), Duration.ofSeconds(10));
        // And it never asked the server to hold a poll longer than the time it had left
        assertThat(queries).allSatisfy(q -> assertThat(Integer.parseInt(q.replace("waitSeconds=", ""))).isBetween(1, 3));
    }
}
