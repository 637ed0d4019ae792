package dev.switchboard.observability.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.contracts.config.ConfigException;
import dev.switchboard.contracts.config.ConfigSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class ManagementServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final PrometheusMeterRegistry registry = MeterRegistries.prometheus();
    private final AtomicBoolean workerUp = new AtomicBoolean(true);
    private final ReadinessChecks readiness = new ReadinessChecks().add("agent sentiment", workerUp::get);
    private final ManagementServer server = ManagementServer.start("127.0.0.1", 0, registry, readiness);

    @AfterEach
    void close() {
        server.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldServeTheRegistryAndTheJvmMetricsAsPrometheusText() throws Exception {
        // Given a service counter in the registry
        Counter.builder("switchboard.test.things").tag("agent", "sentiment").register(registry).increment(3);

        // When /metrics is scraped
        HttpResponse<String> response = send("GET", "/metrics");

        // Then it is Prometheus text with the service's series and the JVM's
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(response.body()).contains("switchboard_test_things_total{agent=\"sentiment\"} 3.0")
                .contains("jvm_memory_used_bytes").contains("jvm_gc_").contains("jvm_threads_live_threads")
                .contains("jvm_classes_loaded_classes").contains("system_cpu_count").contains("process_uptime_seconds");
    }

    @Test
    void shouldAnswerLiveAndReadyWithTheChecksAndWhatFails() throws Exception {
        // Given a ready worker
        assertThat(send("GET", "/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = send("GET", "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"UP\",\"checks\":{\"agent sentiment\":\"UP\"},\"failing\":[]}");

        // When the worker fails
        workerUp.set(false);

        // Then readiness is 503 and names it, while liveness stays 200
        HttpResponse<String> notReady = send("GET", "/health/ready");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body()).isEqualTo("{\"status\":\"DOWN\",\"checks\":{\"agent sentiment\":\"DOWN\"},\"failing\":[\"agent sentiment\"]}");
        assertThat(send("GET", "/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswerHeadWithoutABodyAndRefuseOtherMethodsAndPaths() throws Exception {
        HttpResponse<String> head = send("HEAD", "/metrics");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(send("POST", "/metrics").statusCode()).isEqualTo(405);
        assertThat(send("GET", "/v1/jobs").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/metrics/x").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldKeepAnsweringTheProbesWhileClientsStallMidRequest() throws Exception {
        // Given more connections than the server has threads, each sending half a request line and then nothing
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < ManagementServer.THREADS + 2; i++) {
                Socket socket = new Socket("127.0.0.1", server.port());
                OutputStream out = socket.getOutputStream();
                out.write("GET /health/li".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                stalled.add(socket);
            }

            // When the kubelet probes liveness
            HttpRequest live = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health/live"))
                    .timeout(Duration.ofSeconds(2)).build();

            // Then it is answered: the stalled connections are dropped after the request timeout
            Awaitility.await().atMost(Duration.ofSeconds(4L * ManagementServer.REQUEST_SECONDS)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(http.send(live, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200));
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    void shouldServeNothingUnlessAPortIsSet() {
        assertThat(ManagementSettings.from(ConfigSource.from(Map.of())).enabled()).isFalse();
        assertThat(ManagementSettings.from(ConfigSource.from(Map.of()))).isEqualTo(new ManagementSettings("127.0.0.1", 0));
        assertThat(ManagementServer.startIfEnabled(ManagementSettings.from(ConfigSource.from(Map.of())), registry, readiness)).isEmpty();
        ManagementSettings set = ManagementSettings.from(ConfigSource.from(Map.of("SWITCHBOARD_MANAGEMENT_PORT", "9464",
                "SWITCHBOARD_MANAGEMENT_HOST", "0.0.0.0")));
        assertThat(set).isEqualTo(new ManagementSettings("0.0.0.0", 9464));
        assertThatThrownBy(() -> ManagementSettings.from(ConfigSource.from(Map.of("SWITCHBOARD_MANAGEMENT_PORT", "70000"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_MANAGEMENT_PORT must be");
    }
}
