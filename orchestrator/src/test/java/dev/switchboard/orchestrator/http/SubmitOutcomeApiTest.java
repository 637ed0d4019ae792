package dev.switchboard.orchestrator.http;

import static dev.switchboard.orchestrator.http.TestApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.orchestrator.Http;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a client is told when a submit's outcome is unknown, and while the view catches up (decision 0020). */
class SubmitOutcomeApiTest {
    private static final String BODY = "{\"document\":\"Maybe written.\",\"agents\":[\"sentiment\"]}";
    private final TestApi api = TestApi.start();
    private final Http http = api.http(null);

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void shouldAnswerTheJobIdWithStatusUnknownAndTellNotSubmittedOnceKnownSoTheKeyWritesAgain() {
        // Given a submit whose commit outcome Kafka has not confirmed
        CompletableFuture<Boolean> settled = new CompletableFuture<>();
        api.submissions.leaveUndecided(settled);

        // When it is submitted with a key
        Http.Response r = http.postJson("/v1/jobs", BODY, "Idempotency-Key", "maybe");

        // Then the client gets the job id and a status to poll, not "nothing was submitted"
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        UUID jobId = UUID.fromString(r.json().path("jobId").asText());
        assertThat(r.json().path("status").asText()).isEqualTo("UNKNOWN");
        assertThat(r.header("Location")).isEqualTo("/v1/jobs/" + jobId);
        assertThat(r.header("Retry-After")).isNotNull();
        // And polling says unknown while it is
        Http.Response polled = http.get("/v1/jobs/" + jobId);
        assertThat(polled.status()).as(polled.body()).isEqualTo(202);
        assertThat(polled.json().path("status").asText()).isEqualTo("UNKNOWN");
        // And so does its event stream, with the job id to poll (not 404 job-not-found)
        Http.Response events = http.get("/v1/jobs/" + jobId + "/events");
        assertThat(events.status()).as(events.body()).isEqualTo(202);
        assertThat(events.json().path("status").asText()).isEqualTo("UNKNOWN");
        assertThat(events.header("Location")).isEqualTo("/v1/jobs/" + jobId);

        // When the outcome is known: not written
        settled.complete(false);

        // Then polling says so, and a retry with the same key writes the job
        assertProblem(http.get("/v1/jobs/" + jobId), 404, "job-not-submitted");
        assertProblem(http.get("/v1/jobs/" + jobId + "/report"), 404, "job-not-submitted");
        assertProblem(http.get("/v1/jobs/" + jobId + "/events"), 404, "job-not-submitted");
        api.submissions.leaveUndecided(null);
        Http.Response retried = http.postJson("/v1/jobs", BODY, "Idempotency-Key", "maybe");
        assertThat(retried.status()).as(retried.body()).isEqualTo(202);
        assertThat(retried.json().path("jobId").asText()).isEqualTo(jobId.toString());
        assertThat(retried.json().path("status").asText()).isEqualTo("PENDING");
        assertThat(api.submissions.written()).hasSize(1);
        assertThat(http.get("/v1/jobs/" + jobId).status()).isEqualTo(200);
    }

    @Test
    void shouldAnswerTheJobOnceAnUnknownOutcomeIsKnownCommitted() {
        // Given a submit whose outcome was unknown
        CompletableFuture<Boolean> settled = new CompletableFuture<>();
        api.submissions.leaveUndecided(settled);
        UUID jobId = UUID.fromString(http.postJson("/v1/jobs", BODY).json().path("jobId").asText());

        // When it is known committed
        settled.complete(true);

        // Then polling answers the job
        Http.Response polled = http.get("/v1/jobs/" + jobId);
        assertThat(polled.status()).as(polled.body()).isEqualTo(200);
        assertThat(polled.json().path("status").asText()).isEqualTo("PENDING");
    }

    @Test
    void shouldRefuseSubmitsAndJobReadsWith503AndRetryAfterUntilTheViewCaughtUp() {
        // Given a view still replaying the log
        api.queries.caughtUp(false);

        // When a job is submitted and read, and health is asked
        Http.Response submit = http.postJson("/v1/jobs", BODY);
        Http.Response read = http.get("/v1/jobs/" + UUID.randomUUID());
        Http.Response report = http.get("/v1/jobs/" + UUID.randomUUID() + "/report");
        Http.Response live = http.get("/health/live");

        // Then job submits and reads are 503 with Retry-After, nothing is written, and health still answers
        for (Http.Response r : new Http.Response[] {submit, read, report}) {
            assertProblem(r, 503, "view-catching-up");
            assertThat(r.header("Retry-After")).isEqualTo("5");
        }
        assertThat(api.submissions.written()).isEmpty();
        assertThat(live.status()).isEqualTo(200);

        // When the view has caught up, the submit goes through
        api.queries.caughtUp(true);
        assertThat(http.postJson("/v1/jobs", BODY).status()).isEqualTo(202);
    }
}
