package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code switchboard dlq}: what it asks the API, what it prints, and how it fails (exit 1 with a clear message). */
class DlqCommandTest {
    private final HttpServer server;
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<String> answer = new AtomicReference<>("{}");
    private final List<String> asked = new CopyOnWriteArrayList<>();

    DlqCommandTest() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/dlq", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            asked.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] bytes = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private record Run(int exit, String out, String err) {
    }

    private Run run(String url, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--url", url,
                "--api-key", "admin-key-for-the-dlq-test")).toArray(String[]::new);
        int exit = new picocli.CommandLine(new Main()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("switchboard: " + Main.describe(e));
                    return 1;
                }).execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void shouldAskWithTheFiltersAndPrintATableNewestFirst() {
        // Given an API with one dead letter
        answer.set("{\"order\":\"newest-first\",\"complete\":false,\"deadLetters\":[{\"ref\":\"sentiment:2:17\","
                + "\"jobId\":\"01a2258e-f1bb-7e12-8107-64c7015477bb\",\"attempts\":1,\"errorClass\":\"dev.x.SchemaException\","
                + "\"errorType\":\"OUTPUT_SCHEMA_VIOLATION\",\"failedAt\":\"2026-11-29T08:00:00Z\",\"replayed\":\"unknown\"}]}");

        // When listing with filters
        Run run = run(url(), "dlq", "list", "--agent", "sentiment", "--since", "24h", "--error-class", "OUTPUT_SCHEMA_VIOLATION");

        // Then the query carries them and the table shows the dead letter and that the read stopped short
        assertThat(run.exit()).isZero();
        assertThat(asked.get(0)).startsWith("GET /v1/dlq?limit=100&agent=sentiment&since=24h&errorClass=OUTPUT_SCHEMA_VIOLATION")
                .endsWith("Bearer admin-key-for-the-dlq-test");
        assertThat(run.out()).contains("REF").contains("sentiment:2:17").contains("OUTPUT_SCHEMA_VIOLATION (SchemaException)")
                .contains("1 dead letter(s)").contains("narrow it").contains("unknown"); // the ledger was not read in time
    }

    @Test
    void shouldSendAReplayRequestAndSummariseItPerRef() {
        // Given an API that sent one dead letter and skipped one
        answer.set("{\"dryRun\":false,\"complete\":true,\"sent\":[{\"ref\":\"sentiment:0:4\",\"jobId\":\"j1\","
                + "\"topic\":\"switchboard.tasks.sentiment\",\"warning\":\"job-older-than-amend-window\"}],"
                + "\"skipped\":[{\"ref\":\"sentiment:0:5\",\"reason\":\"truncated\","
                + "\"detail\":\"cannot be replayed\"}]}");

        // When replaying two refs at most 5
        Run run = run(url(), "dlq", "replay", "--ref", "sentiment:0:4", "--ref", "sentiment:0:5", "--max", "5");

        // Then the body names them, and each ref's fate is printed
        assertThat(run.exit()).isZero();
        assertThat(asked.get(0)).startsWith("POST /v1/dlq/replay {\"refs\":[\"sentiment:0:4\",\"sentiment:0:5\"],\"max\":5,\"dryRun\":false}");
        assertThat(run.out()).contains("sent       sentiment:0:4  job j1 -> switchboard.tasks.sentiment  WARNING job-older-than-amend-window")
                .contains("skipped    sentiment:0:5  truncated: cannot be replayed").contains("Sent 1, skipped 1.");
    }

    @Test
    void shouldFailWithAClearMessageOnEveryRefusalAndWhenUnreachable() throws Exception {
        for (int refused : new int[] {401, 403, 404, 422}) {
            // Given an API that refuses
            status.set(refused);
            answer.set("{\"status\":" + refused + ",\"detail\":\"refused " + refused + "\"}");

            // Then the command exits 1 and says why
            Run run = run(url(), "dlq", "show", "sentiment:0:1");
            assertThat(run.exit()).as("HTTP %d", refused).isEqualTo(1);
            assertThat(run.err()).contains("HTTP " + refused + ": refused " + refused);
        }
        status.set(403);
        assertThat(run(url(), "dlq", "show", "sentiment:0:1").err()).contains("admin key");
        assertThat(run(url(), "dlq", "show", "not-a-ref").err()).contains("agent:partition:offset");
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Run unreachable = run("http://127.0.0.1:" + closedPort, "dlq", "list");
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.err()).contains("cannot reach the orchestrator");
    }
}
