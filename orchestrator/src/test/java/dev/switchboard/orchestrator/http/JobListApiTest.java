package dev.switchboard.orchestrator.http;

import static dev.switchboard.orchestrator.http.TestApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.config.Secret;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.message.Versioned;
import dev.switchboard.orchestrator.Http;
import dev.switchboard.orchestrator.OrchestratorConfig;
import dev.switchboard.orchestrator.OwnerIds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/jobs} over real HTTP with in-memory ports: newest first, filtered, paged, only the caller's jobs. */
class JobListApiTest {
    private static final Secret ALICE = Secret.of("api-key-alice-3e8c17");
    private static final Secret BOB = Secret.of("api-key-bob-9a04d2");
    private static final Secret ADMIN = Secret.of("admin-key-list-51f7be");
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private final TestApi api = TestApi.start(OrchestratorConfig.custom().apiKeys(List.of(ALICE, BOB)).adminApiKeys(List.of(ADMIN)));
    private final Http alice = api.http(ALICE.reveal());

    @AfterEach
    void stop() {
        api.close();
    }

    private JobManifest job(Secret owner, int secondsAfterT0) {
        JobManifest m = JobManifest.create(UUID.randomUUID(), List.of("sentiment", "keywords"), T0.plusSeconds(secondsAfterT0),
                T0.plusSeconds(secondsAfterT0).plus(Duration.ofMinutes(5)), null, Map.of()).withOwner(OwnerIds.of(owner));
        api.queries.put(m);
        return m;
    }

    private void completed(JobManifest m) {
        api.queries.report(new Report(Versioned.CURRENT_VERSION, m.jobId(), Report.Status.COMPLETED, Map.of(), List.of(),
                List.of(), "done", T0));
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("jobs").forEach(j -> ids.add(j.path("jobId").asText()));
        return ids;
    }

    @Test
    void shouldListTheCallersJobsNewestFirstWithTheirAgentsAndNoOneElses() {
        // Given two of Alice's jobs, one of Bob's in between, and a finished one of Alice's
        JobManifest older = job(ALICE, 1);
        JobManifest bobs = job(BOB, 2);
        JobManifest newer = job(ALICE, 3);
        completed(newer);

        // When Alice lists her jobs
        Http.Response response = alice.get("/v1/jobs");

        // Then she sees hers, newest first, each with its agents, report revision and links; Bob's job is not there
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode page = response.json();
        assertThat(ids(page)).containsExactly(newer.jobId().toString(), older.jobId().toString());
        assertThat(page.has("next")).isFalse();
        JsonNode first = page.path("jobs").get(0);
        assertThat(first.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(first.path("reportRevision").asInt()).isEqualTo(1);
        assertThat(first.path("submittedAt").asText()).isEqualTo(newer.submittedAt().toString());
        assertThat(first.path("links").path("self").asText()).isEqualTo("/v1/jobs/" + newer.jobId());
        JsonNode second = page.path("jobs").get(1);
        assertThat(second.has("reportRevision")).isFalse();
        assertThat(second.path("agents").path("sentiment").path("stage").asInt()).isEqualTo(1);
        assertThat(second.path("agents").path("sentiment").toString())
                .isEqualTo(alice.get("/v1/jobs/" + older.jobId()).json().path("agents").path("sentiment").toString());

        // And Bob sees only his, an admin all three
        assertThat(ids(api.http(BOB.reveal()).get("/v1/jobs").json())).containsExactly(bobs.jobId().toString());
        assertThat(ids(api.http(ADMIN.reveal()).get("/v1/jobs").json())).hasSize(3);
    }

    @Test
    void shouldFilterByStatusCaseInsensitively() {
        // Given a pending and a completed job
        JobManifest pending = job(ALICE, 1);
        JobManifest done = job(ALICE, 2);
        completed(done);

        // Then a status filter keeps the jobs of the statuses named, in any case
        assertThat(ids(alice.get("/v1/jobs?status=completed").json())).containsExactly(done.jobId().toString());
        assertThat(ids(alice.get("/v1/jobs?status=PENDING,running").json())).containsExactly(pending.jobId().toString());
        assertThat(ids(alice.get("/v1/jobs?status=PARTIAL").json())).isEmpty();
    }

    @Test
    void shouldPageThroughCursorsWithoutGapsOrRepeatsWhileNewJobsArrive() {
        // Given seven of Alice's jobs among Bob's
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            expected.add(0, job(ALICE, 10 + 2 * i).jobId().toString());
            job(BOB, 11 + 2 * i);
        }

        // When she pages through three at a time, while a new job arrives after her first page
        List<String> seen = new ArrayList<>();
        JsonNode page = alice.get("/v1/jobs?limit=3").json();
        job(ALICE, 100);
        int pages = 1;
        seen.addAll(ids(page));
        while (page.has("next")) {
            page = alice.get("/v1/jobs?limit=3&before=" + page.path("next").asText()).json();
            seen.addAll(ids(page));
            pages++;
        }

        // Then she saw each of the seven once, newest first, in three pages; the new one is on a new first page
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(3);
        assertThat(alice.get("/v1/jobs?limit=1").json().path("jobs").get(0).path("submittedAt").asText())
                .isEqualTo(T0.plusSeconds(100).toString());
    }

    @Test
    void shouldAnswerBadParametersWithProblems() {
        assertProblem(alice.get("/v1/jobs?status=DONE"), 400, "invalid-status");
        assertThat(alice.get("/v1/jobs?status=DONE").json().path("detail").asText()).contains("RUNNING", "TIMED_OUT");
        assertProblem(alice.get("/v1/jobs?limit=0"), 400, "invalid-limit");
        assertProblem(alice.get("/v1/jobs?limit=201"), 400, "invalid-limit");
        assertProblem(alice.get("/v1/jobs?limit=ten"), 400, "invalid-limit");
        assertProblem(alice.get("/v1/jobs?before=not-a-cursor"), 400, "invalid-cursor");
        assertProblem(alice.get("/v1/jobs?before=" + java.util.Base64.getUrlEncoder().encodeToString("1:x:y:z".getBytes())),
                400, "invalid-cursor");
        assertThat(alice.get("/v1/jobs?limit=200").status()).isEqualTo(200);
    }

    @Test
    void shouldListOwnerlessJobsToEveryKey() {
        // Given a job written before owners existed (no owner), and one of Bob's
        JobManifest ownerless = JobManifest.create(UUID.randomUUID(), List.of("sentiment"), T0.plusSeconds(5),
                T0.plusSeconds(305), null, Map.of());
        api.queries.put(ownerless);
        JobManifest bobs = job(BOB, 6);

        // When Alice, an ordinary key, lists her jobs
        JsonNode page = alice.get("/v1/jobs").json();

        // Then the owner-less job is there, Bob's is not
        assertThat(ids(page)).containsExactly(ownerless.jobId().toString());
        assertThat(ids(api.http(BOB.reveal()).get("/v1/jobs").json()))
                .containsExactly(bobs.jobId().toString(), ownerless.jobId().toString());
    }

    private static String cursor(String plain) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void shouldAnswerForgedButWellFormedCursorsWithTheCallersJobsOrABadRequest() {
        // Given one job of Alice's and one of Bob's
        JobManifest hers = job(ALICE, 1);
        job(BOB, 2);
        String random = UUID.randomUUID().toString();

        // When Alice sends cursors no page gave: far in the future, far in the past, out of range
        Http.Response future = alice.get("/v1/jobs?before=" + cursor("1:32503680000:0:" + random));
        Http.Response past = alice.get("/v1/jobs?before=" + cursor("1:0:0:" + random));

        // Then each is a sane page of her own jobs only (everything is before the future, nothing before 1970)
        assertThat(future.status()).as(future.body()).isEqualTo(200);
        assertThat(ids(future.json())).containsExactly(hers.jobId().toString());
        assertThat(past.status()).as(past.body()).isEqualTo(200);
        assertThat(ids(past.json())).isEmpty();
        assertThat(past.json().has("next")).isFalse();
        // and a place no instant can hold is a bad cursor, not a server error
        assertProblem(alice.get("/v1/jobs?before=" + cursor("1:" + Long.MAX_VALUE + ":0:" + random)), 400, "invalid-cursor");
        assertProblem(alice.get("/v1/jobs?before=" + cursor("1:0:" + Long.MAX_VALUE + ":" + random)), 400, "invalid-cursor");
        assertProblem(alice.get("/v1/jobs?before=" + cursor("1:0:-1:" + random)), 400, "invalid-cursor");
        assertProblem(alice.get("/v1/jobs?before=" + cursor("1:0:0:" + random.replace('-', 'x'))), 400, "invalid-cursor");
    }

    @Test
    void shouldAnswerServiceUnavailableWhileTheViewCatchesUp() {
        api.queries.caughtUp(false);

        assertProblem(alice.get("/v1/jobs"), 503, "view-catching-up");
    }
}
