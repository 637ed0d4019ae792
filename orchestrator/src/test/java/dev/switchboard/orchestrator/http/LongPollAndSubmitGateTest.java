package dev.switchboard.orchestrator.http;

import static dev.switchboard.orchestrator.http.TestApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.contracts.config.Secret;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.message.Versioned;
import dev.switchboard.orchestrator.Http;
import dev.switchboard.orchestrator.OrchestratorConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Report long-polls never write on the thread that completes reports, survive Jetty's idle timeout, and one caller
 * cannot take every submit permit (issue 14, decision 0018). Real HTTP over the in-memory ports; raw sockets play the
 * clients that never read or trickle their bodies.
 */
class LongPollAndSubmitGateTest {
    private static final String JOB = "{\"document\":\"Hold on.\",\"agents\":[\"sentiment\"]}";
    private static final String KEY_A = "api-key-trickler-4b2e91c7";
    private static final String KEY_B = "api-key-patient-9d03a6f2";

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private TestApi start(OrchestratorConfig.Builder config) {
        TestApi api = TestApi.start(config);
        toClose.add(api);
        return api;
    }

    private static UUID submit(Http http) {
        Http.Response r = http.postJson("/v1/jobs", JOB);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return UUID.fromString(r.json().path("jobId").asText());
    }

    private static Report report(UUID jobId, String synthesis) {
        return new Report(Versioned.CURRENT_VERSION, jobId, Report.Status.COMPLETED, Map.of(), List.of(), List.of(), synthesis,
                Instant.now());
    }

    /** A client that sends {@code request} and then never reads a byte. */
    private Socket raw(TestApi api, String request) throws IOException {
        Socket socket = new Socket("127.0.0.1", api.port());
        toClose.add(socket);
        socket.setReceiveBufferSize(4096);
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** The status line of the answer on {@code socket}, or null if none came within {@code wait}. */
    private static String statusLine(Socket socket, Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        try {
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
        } catch (SocketTimeoutException e) {
            return null;
        }
        return line.toString().trim();
    }

    @Test
    void shouldNeverBlockTheThreadThatCompletesReportsOnALongPollClientThatReadsNothing() throws Exception {
        // Given a job long-polled by a client that never reads, and a second job
        TestApi api = start(OrchestratorConfig.custom());
        Http http = api.http(null);
        UUID stalledJob = submit(http);
        UUID otherJob = submit(http);
        raw(api, "GET /v1/jobs/" + stalledJob + "/report?waitSeconds=60 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> api.queries.report(stalledJob).getNumberOfDependents() > 0);

        // When one thread (the view's updater in production) completes a 32 MB report for it, then the other job's report
        ExecutorService updater = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-view-updater"));
        toClose.add(updater::shutdownNow);
        CompletableFuture<Void> completing = CompletableFuture.runAsync(() -> {
            api.queries.report(report(stalledJob, "x".repeat(32 * 1024 * 1024)));
            api.queries.report(report(otherJob, "small"));
        }, updater);

        // Then that thread returns while the stalled client still holds its unread 200 (Jetty's idle timeout is far off)
        completing.get(10, TimeUnit.SECONDS);
        Http.Response other = http.get("/v1/jobs/" + otherJob + "/report?waitSeconds=5");
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.json().path("synthesis").asText()).isEqualTo("small");
    }

    @Test
    void shouldCloseAConnectionThatStaysSilentLongerThanTheIdleTimeout() throws Exception {
        // Given a server whose idle timeout is 2 s
        TestApi api = start(OrchestratorConfig.custom().httpIdleTimeout(Duration.ofSeconds(2)));

        // When a client connects and sends nothing
        try (java.net.Socket silent = new java.net.Socket("127.0.0.1", api.port())) {
            silent.setSoTimeout(20_000);

            // Then the server closes the connection (end of stream) instead of holding it for the default 30 s
            long t0 = System.nanoTime();
            assertThat(silent.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void shouldAnswerALongPollLongerThanTheIdleTimeoutNormally() {
        // Given a job without a report, on a server whose idle timeout is 2 s (the default is 30 s)
        TestApi api = start(OrchestratorConfig.custom().httpIdleTimeout(Duration.ofSeconds(2)));
        Http http = api.http(null);
        UUID jobId = submit(http);

        // When a client long-polls it for 5 s, longer than the idle timeout, and nothing is written meanwhile
        long t0 = System.nanoTime();
        Http.Response r = http.get("/v1/jobs/" + jobId + "/report?waitSeconds=5");

        // Then the connection is not cut: the wait ends with the normal "not ready" answer after its full time
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.json().path("detail").asText()).contains("not ready");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void shouldKeepSubmitPermitsForOtherCallersWhileOneTricklesBodiesAndHealthWhileAllAreTaken() throws Exception {
        // Given a gate of four blocking submits, so a caller may hold one at a time, and five API keys
        List<String> keys = List.of(KEY_A, KEY_B, "api-key-third-0c6d2e81", "api-key-fourth-7a19f4b3", "api-key-fifth-2e85c0d9");
        TestApi api = start(OrchestratorConfig.custom().maxBlockingSubmits(4).apiKeys(keys.stream().map(Secret::of).toList()));
        assertThat(CallerLimits.submitShare(4)).isEqualTo(1);
        assertThat(CallerLimits.submitShare(32)).isEqualTo(8);

        // When caller A opens four submits and trickles their bodies (ten of their 1000 announced bytes, then nothing)
        List<Socket> trickling = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            trickling.add(trickle(api, KEY_A));
        }

        // Then three of them are refused at once with 429 (the fourth holds A's one permit), and caller B still submits
        List<String> answers = new ArrayList<>();
        for (Socket s : trickling) {
            answers.add(statusLine(s, Duration.ofSeconds(3)));
        }
        assertThat(answers).filteredOn(a -> a != null && a.contains(" 429 ")).hasSize(3);
        assertThat(answers).filteredOn(a -> a == null).hasSize(1);
        submit(api.http(KEY_B));
        assertProblem(api.http(KEY_A).postJson("/v1/jobs", JOB), 429, "too-many-submits-per-caller");

        // And when three more callers each hold a permit the same way, the gate is full: a fifth caller gets 503 busy,
        // while health still answers
        List<Socket> holders = new ArrayList<>();
        for (String key : keys.subList(1, 4)) {
            holders.add(trickle(api, key));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertProblem(api.http(keys.get(4)).postJson("/v1/jobs", JOB), 503, "busy"));
        assertThat(api.http(null).get("/health/live").status()).isEqualTo(200);
        for (Socket s : holders) {
            assertThat(statusLine(s, Duration.ofMillis(200))).isNull();
        }
    }

    /** A submit by {@code key} that sends ten of its 1000 announced body bytes, then nothing. */
    private Socket trickle(TestApi api, String key) throws IOException {
        return raw(api, "POST /v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
                + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"documen");
    }
}
