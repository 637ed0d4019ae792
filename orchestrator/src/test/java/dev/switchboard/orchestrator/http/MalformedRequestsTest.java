package dev.switchboard.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.config.Secret;
import dev.switchboard.orchestrator.Http;
import dev.switchboard.orchestrator.OrchestratorConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * 5 000+ generated malformed requests over raw TCP, {@value #CONNECTIONS} connections at a time:
 * bad JSON, wrong types, huge headers, oversized and truncated bodies, invalid UTF-8, odd job ids,
 * unknown methods. Every one is answered with a status below 500 (a connection closed or reset
 * without a status is a failure too), the server stays up, its heap stays bounded. Moved from
 * {@code MalformedRequestsIT}: the HTTP layer over in-memory ports needs no broker.
 */
class MalformedRequestsTest {
    private static final int REQUESTS = 5_200;
    private static final int CONNECTIONS = 8;
    /** What {@link #send} returns when the connection ended without a status line. */
    private static final int NO_STATUS = 0;
    private final Random random = new Random(42);

    @Test
    void shouldAnswerEveryMalformedRequestWithoutA5xx() throws Exception {
        try (TestApi api = TestApi.start(OrchestratorConfig.custom().maxDocumentBytes(64 * 1024)
                .apiKeys(List.of(Secret.of("fuzz-api-key-0b5d27e1"))).callbackSecret(Secret.of("fuzz-signing-3a9e60c4")))) {
            int port = api.port();
            long heapBefore = usedHeapAfterGc();
            List<byte[]> requests = IntStream.range(0, REQUESTS).mapToObj(this::generate).toList();
            Map<Integer, Integer> statuses = new ConcurrentSkipListMap<>();
            Map<Integer, String> failures = new ConcurrentSkipListMap<>();
            ExecutorService clients = Executors.newFixedThreadPool(CONNECTIONS);
            try {
                List<Future<?>> sent = new ArrayList<>();
                for (int i = 0; i < REQUESTS; i++) {
                    int n = i;
                    sent.add(clients.submit(() -> {
                        int status = send(port, requests.get(n));
                        statuses.merge(status, 1, Integer::sum);
                        if (status == NO_STATUS || status >= 500) {
                            failures.put(n, status + " for:\n" + preview(requests.get(n)));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : sent) {
                    f.get();
                }
            } finally {
                clients.shutdownNow();
            }
            long heapGrowth = usedHeapAfterGc() - heapBefore;
            assertThat(failures).as("requests answered with a 5xx or no status at all (statuses %s)", statuses).isEmpty();

            Http http = new Http(port, "fuzz-api-key-0b5d27e1");
            assertThat(http.get("/health/live").status()).isEqualTo(200);
            assertThat(http.postJson("/v1/jobs", "{\"document\":\"still alive\"}").status()).isEqualTo(202);
            assertThat(heapGrowth).as("heap growth after %d requests (statuses %s)", REQUESTS, statuses).isLessThan(128L << 20);
        }
    }

    private byte[] generate(int i) {
        String auth = i % 7 == 0 ? "" : "Authorization: Bearer fuzz-api-key-0b5d27e1\r\n";
        String json = "Content-Type: application/json\r\n";
        return switch (i % 12) {
            case 0 -> post(auth + json, bytes(garbageJson()));
            case 1 -> post(auth + json, bytes("{\"document\": " + wrongType() + ", \"agents\": " + wrongType()
                    + ", \"deadlineSeconds\": " + wrongType() + ", \"metadata\": " + wrongType() + "}"));
            case 2 -> raw("GET /v1/agents HTTP/1.1\r\nHost: x\r\n" + auth + "X-Huge: " + "h".repeat(4_000 + random.nextInt(40_000)) + "\r\n\r\n");
            case 3 -> post(auth + json, bytes("{\"document\": \"" + "x".repeat(70_000 + random.nextInt(50_000)) + "\"}"));
            case 4 -> truncated(auth + json);
            case 5 -> post(auth + "Content-Type: text/plain; charset=utf-8\r\n", invalidUtf8());
            case 6 -> raw("GET /v1/jobs/" + oddId() + " HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n");
            case 7 -> raw("GET /v1/jobs/" + oddId() + "/report?waitSeconds=" + oddNumber() + " HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n");
            case 8 -> raw(List.of("PATCH", "DELETE", "PUT", "OPTIONS", "TRACE", "FOO", "PROPFIND").get(random.nextInt(7))
                    + " /v1/jobs HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: 0\r\n\r\n");
            case 9 -> post(auth + "Content-Type: " + List.of("application/xml", "multipart/form-data", "", "text/html", "application/json; charset=latin1").get(random.nextInt(5)) + "\r\n",
                    bytes("{\"document\":\"x\"}"));
            case 10 -> post(auth + json + "Idempotency-Key: " + "k".repeat(random.nextInt(600)) + "\r\n", bytes("{\"document\":\"x\"}"));
            default -> raw("GET /v1/jobs/" + UUID.randomUUID() + "/events HTTP/1.1\r\nHost: x\r\n" + auth + "Last-Event-ID: " + oddNumber() + "\r\n\r\n");
        };
    }

    private String garbageJson() {
        String[] pieces = {"{", "}", "[", "]", "\"document\"", ":", ",", "null", "true", "1e999", "\"\\u0000\"", "\"\\ud800\"", "{{", "\"x\""};
        StringBuilder b = new StringBuilder();
        int n = 1 + random.nextInt(20);
        for (int k = 0; k < n; k++) {
            b.append(pieces[random.nextInt(pieces.length)]);
        }
        return b.toString();
    }

    private String wrongType() {
        return List.of("42", "true", "null", "[]", "{}", "[1,2]", "-1", "1.5", "\"\"", "{\"text\": 5}", "\"" + "y".repeat(300) + "\"")
                .get(random.nextInt(11));
    }

    private String oddId() {
        return List.of("%00", "..%2F..%2Fetc", "%FF%FE", "not-a-uuid", UUID.randomUUID() + "x", "0", "-", "%20%20", "a".repeat(2_000),
                UUID.randomUUID().toString().toUpperCase()).get(random.nextInt(10));
    }

    private String oddNumber() {
        return List.of("-1", "99999999999999999999", "abc", "", "1e3", "%00", "61").get(random.nextInt(7));
    }

    private byte[] invalidUtf8() {
        byte[] b = new byte[1 + random.nextInt(200)];
        random.nextBytes(b);
        b[0] = (byte) 0xC3;
        if (b.length > 1) {
            b[1] = (byte) 0x28;
        }
        return b;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] post(String headers, byte[] body) {
        return concat(("POST /v1/jobs HTTP/1.1\r\nHost: x\r\n" + headers + "Content-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8), body);
    }

    private byte[] truncated(String headers) {
        byte[] body = bytes("{\"document\": \"cut off here");
        return concat(("POST /v1/jobs HTTP/1.1\r\nHost: x\r\n" + headers + "Content-Length: " + (body.length + 100 + random.nextInt(1000))
                + "\r\n\r\n").getBytes(StandardCharsets.UTF_8), body);
    }

    private static byte[] raw(String request) {
        return request.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Sends one request on a fresh connection (half-closed after writing) and returns the status, or {@link #NO_STATUS}. */
    private static int send(int port, byte[] request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                socket.shutdownOutput();
            } catch (IOException e) {
                // the server refused the rest (e.g. headers too large) and closed: read its answer if any
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                head.write(c);
            }
            String statusLine = head.toString(StandardCharsets.ISO_8859_1);
            if (!statusLine.startsWith("HTTP/")) {
                return NO_STATUS;
            }
            return Integer.parseInt(statusLine.split(" ")[1]);
        } catch (java.net.SocketException e) {
            return NO_STATUS; // reset before a status line arrived
        }
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static String preview(byte[] request) {
        String s = new String(request, StandardCharsets.ISO_8859_1);
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
