package dev.switchboard.orchestrator.http;

import static dev.switchboard.orchestrator.http.TestApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.message.Versioned;
import dev.switchboard.orchestrator.Http;
import dev.switchboard.orchestrator.OrchestratorConfig;
import dev.switchboard.orchestrator.port.StoredEvent;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Event streams and long-polls hold no request thread while they wait, are capped in total, per caller and in
 * lifetime, and leave health checks, submits and other streams unaffected (issue 14, decision 0018). Real HTTP over
 * the in-memory ports.
 */
class StreamCapacityTest {
    private static final String JOB = "{\"document\":\"Hold on.\",\"agents\":[\"sentiment\"],\"deadlineSeconds\":43200}";

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private TestApi start(OrchestratorConfig.Builder config) {
        TestApi api = TestApi.start(config.maxDeadline(Duration.ofHours(24)));
        toClose.add(api);
        return api;
    }

    private static UUID submit(Http http) {
        Http.Response r = http.postJson("/v1/jobs", JOB);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return UUID.fromString(r.json().path("jobId").asText());
    }

    /** Collects an SSE body line by line without a reading thread: the client's selector pushes the bytes. */
    static final class Lines implements Flow.Subscriber<List<ByteBuffer>> {
        final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        @Override
        public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer b : buffers) {
                while (b.hasRemaining()) {
                    byte c = b.get();
                    if (c == '\n') {
                        lines.add(partial.toString(StandardCharsets.UTF_8));
                        partial.reset();
                    } else {
                        partial.write(c);
                    }
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            ended.complete(null);
        }

        @Override
        public void onComplete() {
            ended.complete(null);
        }

        List<String> ids() {
            return lines.stream().filter(l -> l.startsWith("id: ")).map(l -> l.substring(4)).toList();
        }

        List<String> events() {
            return lines.stream().filter(l -> l.startsWith("event: ")).map(l -> l.substring(7)).toList();
        }
    }

    /** Completes with the status once the response's headers are in; the body flows into {@code sink}. */
    private static CompletableFuture<Integer> open(HttpClient client, Http http, UUID jobId, Lines sink,
                                                             String... headers) {
        return client.sendAsync(http.request("/v1/jobs/" + jobId + "/events", headers).GET().build(),
                        HttpResponse.BodyHandlers.ofPublisher())
                .thenApply(r -> {
                    r.body().subscribe(sink);
                    return r.statusCode();
                });
    }

    private static long apiThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("switchboard-api")).count();
    }

    /** API threads inside a request handler now (a stream that held a thread would be one of them). */
    private static long threadsInHandlers() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("switchboard-api"))
                .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith("io.javalin.http.servlet")))
                .count();
    }

    @Test
    void shouldHoldAThousandStreamsWithoutAThreadEachWhileHealthAndASubmitAnswerWithinTwoSeconds() throws Exception {
        // Given caps raised for a thousand streams, and ten jobs with a twelve-hour deadline
        TestApi api = start(OrchestratorConfig.custom().maxStreams(1_100).maxStreamsPerCaller(1_100));
        Http http = api.http(null);
        List<UUID> jobs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            jobs.add(submit(http));
        }
        long threadsBefore = apiThreads();

        // When a thousand clients open event streams on them and stay
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Lines> sinks = new ArrayList<>();
        List<CompletableFuture<Integer>> streams = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            Lines sink = new Lines();
            sinks.add(sink);
            streams.add(open(client, http, jobs.get(i % jobs.size()), sink));
        }
        CompletableFuture.allOf(streams.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertThat(streams).allSatisfy(s -> assertThat(s.join()).isEqualTo(200));
        long threadsWithStreams = apiThreads();
        long inHandlers = threadsInHandlers();

        // Then no stream holds a request thread, and health and a submit answer within two seconds
        System.out.printf("API threads: %d before; with 1000 streams open %d in the pool, %d in a handler%n",
                threadsBefore, threadsWithStreams, inHandlers);
        assertThat(inHandlers).isLessThan(10);
        assertThat(threadsWithStreams).isLessThan(OrchestratorConfig.API_THREADS);
        long t0 = System.nanoTime();
        assertThat(http.get("/health/live").status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        t0 = System.nanoTime();
        submit(http);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));

        // And an event reaches every stream of its job
        api.queries.event(jobs.get(0), JobEvent.Type.SUBMITTED, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (int i = 0; i < sinks.size(); i += jobs.size()) {
                if (!sinks.get(i).events().contains("SUBMITTED")) {
                    return false;
                }
            }
            return true;
        });
    }

    @Test
    void shouldRefuseAStreamAndALongPollOverTheCallersCapWith429() throws Exception {
        // Given a cap of two waits per caller
        TestApi api = start(OrchestratorConfig.custom().maxStreams(3).maxStreamsPerCaller(2));
        Http http = api.http(null);
        UUID jobId = submit(http);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        open(client, http, jobId, new Lines()).get(10, TimeUnit.SECONDS);
        open(client, http, jobId, new Lines()).get(10, TimeUnit.SECONDS);

        // When the same caller opens a third stream, and long-polls a report
        Http.Response third = http.get("/v1/jobs/" + jobId + "/events");
        Http.Response poll = http.get("/v1/jobs/" + jobId + "/report?waitSeconds=30");

        // Then both are refused at once with a status and Retry-After, not held
        assertProblem(third, 429, "too-many-waits-per-caller");
        assertThat(third.header("Retry-After")).isNotBlank();
        assertProblem(poll, 429, "too-many-waits-per-caller");
    }

    @Test
    void shouldRefuseAStreamOverTheTotalCapWith503AndAcceptOneOnceASlotIsFree() throws Exception {
        // Given a total cap of one wait, taken by a stream that then ends with the job's report
        TestApi api = start(OrchestratorConfig.custom().maxStreams(1).maxStreamsPerCaller(5));
        Http http = api.http(null);
        UUID jobId = submit(http);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Lines first = new Lines();
        open(client, http, jobId, first).get(10, TimeUnit.SECONDS);

        // When another stream is asked for, then the first one ends
        Http.Response refused = http.get("/v1/jobs/" + jobId + "/events");
        api.queries.event(jobId, JobEvent.Type.REPORT_READY, null);
        first.ended.get(10, TimeUnit.SECONDS);

        // Then the second was refused with 503 and Retry-After, and once the slot is free a stream is accepted
        assertProblem(refused, 503, "too-many-waits");
        assertThat(refused.header("Retry-After")).isNotBlank();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(open(client, http, jobId, new Lines()).get(10, TimeUnit.SECONDS))
                        .isEqualTo(200));
    }

    @Test
    void shouldEndAStreamAtItsLifetimeWithARetryHintAndResumeFromLastEventIdWithoutLoss() throws Exception {
        // Given streams that live one second, and a client that saw the job's first event
        TestApi api = start(OrchestratorConfig.custom().streamMaxLifetime(Duration.ofSeconds(1)));
        Http http = api.http(null);
        UUID jobId = submit(http);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Lines first = new Lines();
        open(client, http, jobId, first).get(10, TimeUnit.SECONDS);
        StoredEvent seen = api.queries.event(jobId, JobEvent.Type.SUBMITTED, null);

        // When the stream reaches its lifetime, events happen while the client is away, and it reconnects
        first.ended.get(10, TimeUnit.SECONDS);
        api.queries.event(jobId, JobEvent.Type.TASK_RETRY_SCHEDULED, "sentiment");
        api.queries.event(jobId, JobEvent.Type.TASK_COMPLETED, "sentiment");
        api.queries.event(jobId, JobEvent.Type.REPORT_READY, null);
        Lines second = new Lines();
        open(client, http, jobId, second, "Last-Event-ID", first.ids().get(first.ids().size() - 1))
                .get(10, TimeUnit.SECONDS);
        second.ended.get(10, TimeUnit.SECONDS);

        // Then the first stream ended with a retry hint after the event it delivered, and the second has exactly the rest
        assertThat(first.ids()).containsExactly(Long.toString(seen.offset()));
        assertThat(first.lines).contains("retry: " + EventStream.RETRY_MILLIS);
        assertThat(second.events()).containsExactly("TASK_RETRY_SCHEDULED", "TASK_COMPLETED", "REPORT_READY");
    }

    @Test
    void shouldKeepDeliveringToOtherStreamsWhileOneClientReadsNothing() throws Exception {
        // Given a client that opens a stream and never reads it, and a healthy client on the same job
        TestApi api = start(OrchestratorConfig.custom());
        Http http = api.http(null);
        UUID jobId = submit(http);
        Socket stalled = new Socket("127.0.0.1", api.port());
        toClose.add(stalled);
        stalled.setReceiveBufferSize(4096);
        OutputStream request = stalled.getOutputStream();
        request.write(("GET /v1/jobs/" + jobId + "/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        request.flush();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Lines healthy = new Lines();
        open(client, http, jobId, healthy).get(10, TimeUnit.SECONDS);

        // When the job has 5000 events of 1 KB (more than the stalled client's socket buffers take), published in
        // batches of 100, each batch only once the healthy client has the previous one (a client more than
        // MAX_QUEUED events behind is cut off by design; the batches keep the healthy one within that on a loaded machine)
        String padding = "x".repeat(1000);
        for (int batch = 0; batch < 50; batch++) {
            for (int i = 0; i < 100; i++) {
                api.queries.event(jobId, JobEvent.Type.TASK_RETRY_SCHEDULED, "sentiment-" + padding + (batch * 100 + i));
            }
            int expected = (batch + 1) * 100;
            await().atMost(Duration.ofSeconds(20)).until(() -> healthy.ids().size() >= expected);
        }
        api.queries.event(jobId, JobEvent.Type.REPORT_READY, null);

        // Then the publisher (the view's listener) never waited for the stalled client, whose socket is still open and
        // unread, and the healthy client got every event and its stream ended after REPORT_READY
        healthy.ended.get(20, TimeUnit.SECONDS);
        assertThat(healthy.events()).hasSize(5_001).endsWith("REPORT_READY");
    }

    @Test
    void shouldAnswer204WhenAFinishedJobHasNothingAfterTheCursorAndEndItsBacklogWithoutARetryHint() throws Exception {
        // Given a finished job: its report, and a callback event after REPORT_READY
        TestApi api = start(OrchestratorConfig.custom());
        Http http = api.http(null);
        UUID jobId = submit(http);
        api.queries.event(jobId, JobEvent.Type.SUBMITTED, null);
        StoredEvent ready = api.queries.event(jobId, JobEvent.Type.REPORT_READY, null);
        StoredEvent delivered = api.queries.event(jobId, JobEvent.Type.CALLBACK_DELIVERED, null);
        api.queries.report(new Report(Versioned.CURRENT_VERSION, jobId, Report.Status.COMPLETED, Map.of(), List.of(),
                List.of(), "done", Instant.now()));

        // When an EventSource reconnects after REPORT_READY, and again after the last event
        Http.Response rest = getWithin(http, jobId, ready.offset());
        Http.Response nothing = getWithin(http, jobId, delivered.offset());

        // Then the first gets the rest at once and ends without a retry hint; the second is 204 (the EventSource stops)
        assertThat(rest.status()).isEqualTo(200);
        assertThat(rest.body()).contains("event: CALLBACK_DELIVERED").doesNotContain("REPORT_READY").doesNotContain("retry:");
        assertThat(nothing.status()).isEqualTo(204);
    }

    @Test
    void shouldEndTheStreamOfAJobLongPastItsDeadlineWithItsBacklogNeverA500() throws Exception {
        // Given a job whose deadline passed ten minutes ago (beyond the five-minute grace), without a report
        TestApi api = start(OrchestratorConfig.custom());
        Http http = api.http(null);
        Instant now = Instant.now();
        JobManifest job = JobManifest.create(UUID.randomUUID(), List.of("sentiment"), now.minus(Duration.ofMinutes(20)),
                now.minus(Duration.ofMinutes(10)), null, Map.of());
        api.queries.put(job);
        StoredEvent last = api.queries.event(job.jobId(), JobEvent.Type.SUBMITTED, null);

        // When clients open its stream twenty times, then once after its last event
        List<Http.Response> streams = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            streams.add(getWithin(http, job.jobId(), -1));
        }
        Http.Response after = getWithin(http, job.jobId(), last.offset());

        // Then each is a 200 with the backlog that ends at once without a retry hint, and the last one is 204
        assertThat(streams).allSatisfy(r -> {
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("event: SUBMITTED").doesNotContain("retry:");
        });
        assertThat(after.status()).isEqualTo(204);
    }

    /** The whole events answer after {@code lastEventId} (none if negative); fails if it takes more than ten seconds. */
    private static Http.Response getWithin(Http http, UUID jobId, long lastEventId) throws Exception {
        String[] headers = lastEventId < 0 ? new String[0] : new String[] {"Last-Event-ID", Long.toString(lastEventId)};
        return CompletableFuture.supplyAsync(() -> http.get("/v1/jobs/" + jobId + "/events", headers)).get(10, TimeUnit.SECONDS);
    }
}
