package dev.switchboard.orchestrator.http;

import static dev.switchboard.orchestrator.http.TestApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.orchestrator.Http;
import dev.switchboard.orchestrator.jobs.JobIds;
import dev.switchboard.orchestrator.port.FanOutException;
import dev.switchboard.orchestrator.port.InMemoryJobSubmissions;
import dev.switchboard.orchestrator.port.JobRefusedException;
import dev.switchboard.orchestrator.port.JobTooLargeException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Submit, status and report over real HTTP with in-memory ports: 202 + Location, idempotency, 404/202/200, refusals. */
class JobsApiTest {
    private final TestApi api = TestApi.start();
    private final Http http = api.http(null);

    @AfterEach
    void stop() {
        api.close();
    }

    private UUID submit(String json) {
        Http.Response r = http.postJson("/v1/jobs", json);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return UUID.fromString(r.json().path("jobId").asText());
    }

    @Test
    void shouldAcceptAValidJobWith202AndLocationAndHandTheValidatedRequestToTheSubmitPort() {
        // When a valid JSON job is submitted
        Http.Response r = http.postJson("/v1/jobs", "{\"document\":{\"text\":\"Great service.\",\"contentType\":\"text/markdown\"},"
                + "\"agents\":[\"sentiment\",\"summary\",\"sentiment\"],\"deadlineSeconds\":120,\"metadata\":{\"source\":\"test\"}}");

        // Then it is accepted, pointing at the job
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        UUID jobId = UUID.fromString(r.json().path("jobId").asText());
        assertThat(r.header("Location")).isEqualTo("/v1/jobs/" + jobId);
        assertThat(r.json().path("status").asText()).isEqualTo("PENDING");
        assertThat(r.json().path("links").path("self").asText()).isEqualTo("/v1/jobs/" + jobId);
        assertThat(r.json().path("links").path("report").asText()).isEqualTo("/v1/jobs/" + jobId + "/report");
        assertThat(r.json().path("links").path("events").asText()).isEqualTo("/v1/jobs/" + jobId + "/events");
        assertThat(r.header("Idempotent-Replayed")).isNull();
        // And the submit port got the validated request once, agents deduplicated in order
        InMemoryJobSubmissions.Written written = api.submissions.written().get(0);
        assertThat(written.manifest().jobId()).isEqualTo(jobId);
        assertThat(written.manifest().agents()).containsExactly("sentiment", "summary");
        assertThat(Duration.between(written.manifest().submittedAt(), written.manifest().deadline())).isEqualTo(Duration.ofSeconds(120));
        assertThat(written.manifest().metadata()).containsExactly(Map.entry("source", "test"));
        assertThat(written.request().text()).isEqualTo("Great service.");
        assertThat(written.request().contentType()).isEqualTo("text/markdown");
    }

    @Test
    void shouldSendAPlainTextBodyToEveryDefaultAgent() {
        Http.Response r = http.post("/v1/jobs", "text/plain; charset=utf-8", "Plain words.".getBytes(StandardCharsets.UTF_8));

        assertThat(r.status()).isEqualTo(202);
        // the default pipeline, with the synthesis that needs the other three (decision 0030)
        assertThat(api.submissions.written().get(0).manifest().agents())
                .containsExactly("sentiment", "entities", "summary", "synthesis");
        assertThat(api.submissions.written().get(0).request().text()).isEqualTo("Plain words.");
    }

    @Test
    void shouldReturnTheSameJobForARetriedSubmitAndRefuseAReusedKeyWithADifferentBody() {
        // Given a job submitted with an Idempotency-Key
        String body = "{\"document\":\"Once only.\",\"agents\":[\"sentiment\"]}";
        Http.Response first = http.postJson("/v1/jobs", body, "Idempotency-Key", "order-42");

        // When the same submit is retried, and the key is then reused for another body
        Http.Response again = http.postJson("/v1/jobs", body, "Idempotency-Key", "order-42");
        Http.Response other = http.postJson("/v1/jobs", "{\"document\":\"Something else.\"}", "Idempotency-Key", "order-42");

        // Then the retry gets the same job, marked as replayed, and nothing more is written; the reuse is a 409
        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json().path("jobId").asText()).isEqualTo(first.json().path("jobId").asText());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertProblem(other, 409, "idempotency-key-reused");
        assertThat(api.submissions.written()).hasSize(1);
    }

    @Test
    void shouldReplayAKeyKnownOnlyFromTheReadModel() {
        // Given a job another instance wrote with key "k": this instance knows it only from the read model
        String body = "{\"document\":\"From elsewhere.\",\"agents\":[\"sentiment\"]}";
        try (TestApi other = TestApi.start()) {
            other.http(null).postJson("/v1/jobs", body, "Idempotency-Key", "k");
            api.queries.put(other.submissions.written().get(0).manifest());
        }

        // When the same submit, and then another body, arrive here with the same key
        Http.Response replay = http.postJson("/v1/jobs", body, "Idempotency-Key", "k");
        Http.Response reused = http.postJson("/v1/jobs", "{\"document\":\"different\"}", "Idempotency-Key", "k");

        // Then it is that job again, and the other body is a 409; nothing is written here
        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.json().path("jobId").asText()).isEqualTo(JobIds.newJobId("anonymous", "k").toString());
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertProblem(reused, 409, "idempotency-key-reused");
        assertThat(api.submissions.written()).isEmpty();
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenTheJobCannotBeWrittenAndLetTheRetryThrough() {
        api.submissions.refuseWith(new FanOutException("broker down", null));

        Http.Response r = http.postJson("/v1/jobs", "{\"document\":\"x\"}", "Idempotency-Key", "retry-me");

        assertProblem(r, 503, "kafka-unavailable");
        assertThat(r.header("Retry-After")).isEqualTo("5");
        // and once the log takes writes again, the retry with the same key is a new write, not a replay
        api.submissions.refuseWith(null);
        Http.Response retried = http.postJson("/v1/jobs", "{\"document\":\"x\"}", "Idempotency-Key", "retry-me");
        assertThat(retried.status()).isEqualTo(202);
        assertThat(retried.header("Idempotent-Replayed")).isNull();
        assertThat(api.submissions.written()).hasSize(1);
    }

    @Test
    void shouldAnswer422WhenTheLogRefusesARecordOfTheJob() {
        api.submissions.refuseWith(new JobRefusedException("invalid record", null));

        assertProblem(http.postJson("/v1/jobs", "{\"document\":\"x\"}"), 422, "record-refused");
    }

    @Test
    void shouldAnswer413NamingTheRecordWhenTheLogFindsTheJobTooLarge() {
        api.submissions.refuseWith(new JobTooLargeException("task for agent 'summary'", "switchboard.tasks.summary", 5000, 4000, null));

        Http.Response r = http.postJson("/v1/jobs", "{\"document\":\"x\"}");

        assertProblem(r, 413, "record-too-large");
        assertThat(r.json().path("maxBytes").asLong()).isEqualTo(4000);
        assertThat(r.json().path("serializedBytes").asLong()).isEqualTo(5000);
        assertThat(r.json().path("record").asText()).isEqualTo("task for agent 'summary'");
        assertThat(r.json().path("topic").asText()).isEqualTo("switchboard.tasks.summary");
    }

    @Test
    void shouldAnswerStatusWithEachAgentsProgressAndMetadata() {
        UUID jobId = submit("{\"document\":\"Status please.\",\"agents\":[\"sentiment\",\"entities\"],\"metadata\":{\"source\":\"t\"}}");

        Http.Response r = http.get("/v1/jobs/" + jobId);

        assertThat(r.status()).isEqualTo(200);
        JsonNode status = r.json();
        assertThat(status.path("jobId").asText()).isEqualTo(jobId.toString());
        assertThat(status.path("status").asText()).isEqualTo("PENDING");
        assertThat(status.path("agents").path("sentiment").path("state").asText()).isEqualTo("queued");
        assertThat(status.path("agents").path("entities").path("state").asText()).isEqualTo("queued");
        assertThat(status.path("metadata").path("source").asText()).isEqualTo("t");
        assertThat(status.has("report")).isFalse();
        assertThat(status.path("links").path("report").asText()).isEqualTo("/v1/jobs/" + jobId + "/report");
    }

    @Test
    void shouldAnswer202ForAReportNotReadyYetAnd200OnceItIs() {
        UUID jobId = submit("{\"document\":\"Report please.\",\"agents\":[\"sentiment\"]}");

        Http.Response notYet = http.get("/v1/jobs/" + jobId + "/report");
        assertThat(notYet.status()).isEqualTo(202);
        assertThat(notYet.header("Retry-After")).isEqualTo("1");
        assertThat(notYet.json().path("status").asText()).isEqualTo("PENDING");

        api.queries.report(report(jobId));
        Http.Response ready = http.get("/v1/jobs/" + jobId + "/report");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(Json.fromString(ready.body(), Report.class).synthesis()).isEqualTo("All done.");
        assertThat(http.get("/v1/jobs/" + jobId).json().path("status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void shouldHoldALongPollUntilTheReportArrives() {
        // Given a long poll on a job without a report
        UUID jobId = submit("{\"document\":\"Wait for it.\",\"agents\":[\"sentiment\"]}");
        CompletableFuture<HttpResponse<String>> longPoll = http.client().sendAsync(
                http.request("/v1/jobs/" + jobId + "/report?waitSeconds=20").GET().build(), HttpResponse.BodyHandlers.ofString());

        // When the report arrives
        api.queries.report(report(jobId));

        // Then the long poll answers 200 with it
        HttpResponse<String> waited = longPoll.join();
        assertThat(waited.statusCode()).isEqualTo(200);
        assertThat(Json.fromString(waited.body(), Report.class).jobId()).isEqualTo(jobId);
    }

    @Test
    void shouldMakeOneJobOfFiftyConcurrentSubmitsWithOneKey() {
        // Given 50 submits at once with one Idempotency-Key: 25 with one body, 25 with another
        String one = "{\"document\":\"Order 42, first body.\",\"agents\":[\"sentiment\"]}";
        String other = "{\"document\":\"Order 42, second body.\",\"agents\":[\"sentiment\"]}";
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(50);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Http.Response>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String body = i % 2 == 0 ? one : other;
            answers.add(clients.submit(() -> {
                go.await();
                return http.postJson("/v1/jobs", body, "Idempotency-Key", "order-42");
            }));
        }

        // When they race
        go.countDown();
        List<Http.Response> responses = answers.stream().map(f -> {
            try {
                return f.get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
        clients.shutdownNow();

        // Then exactly one job was written; every 202 names it, and every other answer is a 409 for the other body
        assertThat(api.submissions.written()).hasSize(1);
        UUID jobId = api.submissions.written().get(0).manifest().jobId();
        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.body()).isIn(202, 409));
        assertThat(responses.stream().filter(r -> r.status() == 202)).hasSize(25)
                .allSatisfy(r -> assertThat(r.json().path("jobId").asText()).isEqualTo(jobId.toString()));
        assertThat(responses.stream().filter(r -> r.status() == 409)).hasSize(25)
                .allSatisfy(r -> assertThat(r.json().path("type").asText()).endsWith("idempotency-key-reused"));
    }

    @Test
    void shouldLetALongPollWaitItsFullTimeAfterAnEarlierOneOnTheSameJobTimedOut() {
        // Given a first long poll on a job that timed out without a report
        UUID jobId = submit("{\"document\":\"Slow.\",\"agents\":[\"sentiment\"]}");
        assertThat(http.get("/v1/jobs/" + jobId + "/report?waitSeconds=1").status()).isEqualTo(202);

        // When a second long poll starts, and the report arrives while it waits
        CompletableFuture<HttpResponse<String>> second = http.client().sendAsync(
                http.request("/v1/jobs/" + jobId + "/report?waitSeconds=20").GET().build(), HttpResponse.BodyHandlers.ofString());
        org.awaitility.Awaitility.await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5)).until(() -> !second.isDone());
        api.queries.report(report(jobId));

        // Then the second one was still waiting (the first one's timeout did not end it) and answers 200 with the report
        HttpResponse<String> waited = second.join();
        assertThat(waited.statusCode()).as(waited.body()).isEqualTo(200);
        assertThat(Json.fromString(waited.body(), Report.class).jobId()).isEqualTo(jobId);
    }

    @Test
    void shouldRefuseAWaitOutsideZeroToSixtySeconds() {
        UUID jobId = submit("{\"document\":\"x\"}");

        for (String wait : List.of("-1", "61", "abc", "1e3")) {
            assertProblem(http.get("/v1/jobs/" + jobId + "/report?waitSeconds=" + wait), 400, "invalid-wait");
        }
    }

    @Test
    void shouldAnswer404ForAJobTheReadModelDoesNotKnow() {
        JobManifest unknown = JobManifest.create(UUID.randomUUID(), List.of("sentiment"), Instant.now(), Instant.now(), null, Map.of());

        assertProblem(http.get("/v1/jobs/" + unknown.jobId()), 404, "job-not-found");
        assertProblem(http.get("/v1/jobs/" + unknown.jobId() + "/report"), 404, "job-not-found");
        assertProblem(http.get("/v1/jobs/" + unknown.jobId().toString().toUpperCase() + "x"), 404, "job-not-found");
    }

    private static Report report(UUID jobId) {
        return new Report(1, jobId, Report.Status.COMPLETED, Map.of(), List.of(), List.of(), "All done.", Instant.now());
    }
}
