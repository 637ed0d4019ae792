package dev.switchboard.orchestrator.http;

import static dev.switchboard.orchestrator.http.TestApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.orchestrator.Http;
import dev.switchboard.orchestrator.port.StoredEvent;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/jobs/{id}/events} as Server-Sent Events over real HTTP, with the read model in memory. */
class EventsApiTest {
    private final TestApi api = TestApi.start();
    private final Http http = api.http(null);

    @AfterEach
    void stop() {
        api.close();
    }

    private UUID submit() {
        Http.Response r = http.postJson("/v1/jobs", "{\"document\":\"Follow me.\",\"agents\":[\"sentiment\"]}");
        return UUID.fromString(r.json().path("jobId").asText());
    }

    private HttpResponse<InputStream> open(UUID jobId, String... headers) throws Exception {
        return http.client().send(http.request("/v1/jobs/" + jobId + "/events", headers).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    void shouldStreamEveryEventAndEndAfterReportReady() throws Exception {
        // Given a job with its events up to REPORT_READY
        UUID jobId = submit();
        StoredEvent submitted = api.queries.event(jobId, JobEvent.Type.SUBMITTED, null);
        api.queries.event(jobId, JobEvent.Type.TASK_COMPLETED, "sentiment");
        api.queries.event(jobId, JobEvent.Type.REPORT_READY, null);

        // When its events are streamed
        HttpResponse<InputStream> stream = open(jobId);
        List<String[]> events = new ArrayList<>();
        try (InputStream in = stream.body()) {
            Http.sseEvents(in).forEachRemaining(events::add); // ends by itself after REPORT_READY
        }

        // Then they come in order as text/event-stream, each with its offset as id
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(events).extracting(e -> e[1]).containsExactly("SUBMITTED", "TASK_COMPLETED", "REPORT_READY");
        assertThat(events.get(0)[0]).isEqualTo(Long.toString(submitted.offset()));
        assertThat(events.get(1)[2]).contains("\"agent\":\"sentiment\"");
    }

    @Test
    void shouldResumeAfterLastEventIdAndDeliverLiveEventsWithoutLossOrRepeats() throws Exception {
        // Given a job with two events, a client that saw the first
        UUID jobId = submit();
        StoredEvent first = api.queries.event(jobId, JobEvent.Type.SUBMITTED, null);
        api.queries.event(jobId, JobEvent.Type.TASK_RETRY_SCHEDULED, "sentiment");

        // When it reconnects with Last-Event-ID and more events follow while it listens
        List<String[]> rest = new ArrayList<>();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            try (InputStream in = open(jobId, "Last-Event-ID", Long.toString(first.offset())).body()) {
                Iterator<String[]> sse = Http.sseEvents(in);
                sse.forEachRemaining(rest::add);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> !rest.isEmpty());
        api.queries.event(jobId, JobEvent.Type.TASK_COMPLETED, "sentiment");
        api.queries.event(jobId, JobEvent.Type.REPORT_READY, null);
        reading.get();

        // Then it gets exactly the events after the one it saw, then the live ones, and the stream ends
        assertThat(rest).extracting(e -> e[1]).containsExactly("TASK_RETRY_SCHEDULED", "TASK_COMPLETED", "REPORT_READY");
    }

    @Test
    void shouldGiveAFollowerThatConnectsAfterTheAmendmentTheReplayAndTheAmendmentThenNoContent() throws Exception {
        // Given a job whose stream ended after REPORT_READY, then amended by a replayed dead letter (decision 0025)
        UUID jobId = submit();
        api.queries.event(jobId, JobEvent.Type.SUBMITTED, null);
        StoredEvent ready = api.queries.event(jobId, JobEvent.Type.REPORT_READY, null);
        api.queries.report(new dev.switchboard.contracts.message.Report(1, jobId, dev.switchboard.contracts.message.Report.Status.PARTIAL,
                java.util.Map.of(), List.of(), List.of(), "s", java.time.Instant.now()));
        api.queries.event(jobId, JobEvent.Type.TASK_REPLAYED, "sentiment");
        StoredEvent amended = api.queries.event(jobId, JobEvent.Type.REPORT_AMENDED, null);

        // When a follower connects after the amendment with the id of REPORT_READY (an EventSource that reconnected right
        // after REPORT_READY got 204 and stopped: it learns of an amendment from the callback or GET /v1/jobs/{id})
        List<String[]> rest = new ArrayList<>();
        try (InputStream in = open(jobId, "Last-Event-ID", Long.toString(ready.offset())).body()) {
            Http.sseEvents(in).forEachRemaining(rest::add);
        }

        // Then it gets the replay and the amendment, the stream ends, and resuming after the amendment is 204
        assertThat(rest).extracting(e -> e[1]).containsExactly("TASK_REPLAYED", "REPORT_AMENDED");
        assertThat(open(jobId, "Last-Event-ID", Long.toString(amended.offset())).statusCode()).isEqualTo(204);
    }

    @Test
    void shouldRefuseALastEventIdThatIsNotAnEventId() {
        UUID jobId = submit();

        assertProblem(http.get("/v1/jobs/" + jobId + "/events", "Last-Event-ID", "abc"), 400, "invalid-last-event-id");
        assertProblem(http.get("/v1/jobs/" + jobId + "/events?lastEventId=1e3"), 400, "invalid-last-event-id");
    }

    @Test
    void shouldCapTheStreamEndOfAHostileDeadline() {
        assertThat(EventsApi.streamEnd(java.time.Instant.MAX)).isEqualTo(java.time.Instant.MAX);
        assertThat(EventsApi.streamEnd(java.time.Instant.EPOCH)).isEqualTo(java.time.Instant.EPOCH.plus(EventsApi.GRACE_AFTER_DEADLINE));
    }
}
