package dev.switchboard.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.orchestrator.Http;
import dev.switchboard.orchestrator.OrchestratorConfig;
import dev.switchboard.observability.management.ReadinessChecks;
import dev.switchboard.orchestrator.port.InMemoryJobQueries;
import dev.switchboard.orchestrator.port.InMemoryJobSubmissions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/** The real Javalin server on an ephemeral port over the in-memory ports: no broker. */
final class TestApi implements AutoCloseable {
    final TopicCatalogue topics = TopicCatalogue.bundled();
    final InMemoryJobQueries queries = new InMemoryJobQueries();
    final InMemoryJobSubmissions submissions = new InMemoryJobSubmissions(queries, Clock.systemUTC());
    final ReadinessChecks readiness = new ReadinessChecks().add("kafka", () -> true);
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ApiServer server;

    private TestApi(OrchestratorConfig config, Clock clock) {
        this.server = new ApiServer(config, topics, submissions, queries, registry, readiness, clock).start();
    }

    /** {@code config} with port 0. */
    static TestApi start(OrchestratorConfig.Builder config) {
        return start(config, Clock.systemUTC());
    }

    /** {@code config} with port 0; the API reads the time from {@code clock}. */
    static TestApi start(OrchestratorConfig.Builder config, Clock clock) {
        return new TestApi(config.port(0).build(), clock);
    }

    static TestApi start() {
        return start(OrchestratorConfig.custom());
    }

    Http http(String apiKey) {
        return new Http(server.port(), apiKey);
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }

    /** A problem+json answer of {@code status} and {@code /problems/<type>}, with a detail. */
    static void assertProblem(Http.Response r, int status, String type) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().path("status").asInt()).isEqualTo(status);
        assertThat(r.json().path("type").asText()).isEqualTo("/problems/" + type);
        assertThat(r.json().path("detail").asText()).isNotBlank();
    }

    record RawResponse(int status, String body) {
    }

    /**
     * One HTTP/1.1 request over a socket, its request line sent as is: the JDK client will not send a Host header of our
     * choosing, nor a path it would normalise.
     */
    static RawResponse raw(int port, String method, String path, String host, String contentType, String body) {
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        head.append("Content-Length: ").append(payload.length).append("\r\n\r\n");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(answer.substring(9, 12));
            int start = answer.indexOf("\r\n\r\n");
            return new RawResponse(status, start < 0 ? "" : answer.substring(start + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
