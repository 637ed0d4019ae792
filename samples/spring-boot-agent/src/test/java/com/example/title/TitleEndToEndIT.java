package com.example.title;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testkit.SwitchboardUp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The application as a user runs it: {@code switchboard up} (embedded Kafka, orchestrator, aggregator), then
 * {@code java -jar} this project's Boot jar pointed at that broker, then a job that asks for {@code title}.
 */
class TitleEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldAnswerAJobFromTheSpringBootApplicationAndDrainOnSigterm() throws Exception {
        // Given Switchboard up, and the application's jar pointed at its broker
        try (SwitchboardUp stack = SwitchboardUp.start(jar("switchboard.jar"))) {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            String actuator = "http://localhost:" + port + "/actuator";
            Process app = stack.java("app", List.of("-jar", jar("app.jar").toString(), "--server.port=" + port,
                    "--switchboard.bootstrap.servers=" + stack.bootstrapServers()), Map.of());
            JsonNode health = await("the application healthy").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .failFast("the application exited", () -> !app.isAlive()).ignoreExceptions()
                    .until(() -> parse(stack.get(actuator + "/health").body()), h -> h.path("status").asText().equals("UP"));
            assertThat(health.at("/components/switchboard/details/agents/title").asText()).isEqualTo("RUNNING");
            assertThat(parse(stack.get(actuator + "/health/readiness").body()).path("status").asText()).isEqualTo("UP");
            stack.awaitAgent("title", Duration.ofSeconds(90));

            // When a job asks for title
            String jobId = stack.submit("{\"document\": \"kafka carries the work while nobody waits\", \"agents\": [\"title\"]}");

            // Then the report holds title's result, the runtime's meters are in /actuator/prometheus,
            JsonNode report = parse(stack.awaitReport(jobId, Duration.ofSeconds(90)));
            assertThat(report.get("status").asText()).isEqualTo("COMPLETED");
            assertThat(report.at("/results/title/status").asText()).isEqualTo("OK");
            assertThat(report.at("/results/title/output/title").asText()).isEqualTo("Kafka Carries The Work While");
            assertThat(stack.get(actuator + "/prometheus").body())
                    .containsPattern("switchboard_tasks_total\\{[^}]*agent=\"title\"[^}]*outcome=\"completed\"[^}]*\\} 1\\.0");

            // and SIGTERM drains the worker and ends the process (143: the JVM's status after SIGTERM, Boot's normal stop)
            app.destroy();
            assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("the application stopped within 60 s").isTrue();
            assertThat(app.exitValue()).isIn(0, 143);
            assertThat(Files.readString(stack.log("app"))).contains("Agent title stopping: draining its in-flight tasks")
                    .contains("Agent title stopped");
        }
    }

    private static Path jar(String property) {
        Path jar = Path.of(System.getProperty(property, "missing -D" + property));
        assertThat(jar).as("-D%s (set by this project's pom)", property).isRegularFile();
        return jar;
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
