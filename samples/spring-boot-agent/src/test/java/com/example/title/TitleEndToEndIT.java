package com.example.title;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The application as a user runs it: {@code switchboard up} (embedded Kafka, orchestrator, aggregator), then
 * {@code java -jar} this project's Boot jar pointed at that broker, then a job that asks for {@code title}.
 */
class TitleEndToEndIT {
    private static final Pattern PRINTED = Pattern.compile("API:\\s+(http://\\S+)[\\s\\S]*?Kafka:\\s+(\\S+)|Kafka:\\s+(\\S+)[\\s\\S]*?API:\\s+(http://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> processes = new ArrayList<>();
    private Path dir;

    @AfterEach
    void stopProcessesAndShowTheirLogs() throws Exception {
        for (Process process : processes) {
            process.destroy();
            process.waitFor(60, TimeUnit.SECONDS);
        }
        for (String name : List.of("up", "app")) {
            Files.readAllLines(dir.resolve(name + ".log")).forEach(line -> System.out.println("[" + name + "] " + line));
        }
    }

    @Test
    void shouldAnswerAJobFromTheSpringBootApplicationAndDrainOnSigterm() throws Exception {
        // Given Switchboard up, and the application's jar pointed at its broker
        dir = Files.createTempDirectory("title-e2e");
        Process up = start("up", List.of("-jar", jar("switchboard.jar"), "up", "--port", "0", "--data-dir", dir.resolve("state").toString()));
        Matcher printed = await("switchboard up").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .failFast("switchboard up exited", () -> !up.isAlive())
                .until(() -> PRINTED.matcher(Files.readString(dir.resolve("up.log"))), Matcher::find);
        String api = printed.group(1) != null ? printed.group(1) : printed.group(4);
        String kafka = printed.group(2) != null ? printed.group(2) : printed.group(3);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String actuator = "http://localhost:" + port + "/actuator";
        Process app = start("app", List.of("-jar", jar("app.jar"), "--server.port=" + port, "--switchboard.bootstrap.servers=" + kafka));
        JsonNode health = await("the application healthy").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .failFast("the application exited", () -> !app.isAlive()).ignoreExceptions()
                .until(() -> parse(get(actuator + "/health").body()), h -> h.path("status").asText().equals("UP"));
        assertThat(health.at("/components/switchboard/details/agents/title").asText()).isEqualTo("RUNNING");
        assertThat(parse(get(actuator + "/health/readiness").body()).path("status").asText()).isEqualTo("UP");
        await("title listed at GET /v1/agents").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> get(api + "/v1/agents").body().contains("\"title\""));

        // When a job asks for title
        HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(URI.create(api + "/v1/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"document\": \"kafka carries the work while nobody waits\", "
                        + "\"agents\": [\"title\"]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String jobId = parse(submitted.body()).get("jobId").asText();

        // Then the report holds title's result, the runtime's meters are in /actuator/prometheus,
        JsonNode report = await("the report").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> get(api + "/v1/jobs/" + jobId + "/report?waitSeconds=5"), r -> r.statusCode() == 200)
                .body().transform(TitleEndToEndIT::parse);
        assertThat(report.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(report.at("/results/title/status").asText()).isEqualTo("OK");
        assertThat(report.at("/results/title/output/title").asText()).isEqualTo("Kafka Carries The Work While");
        assertThat(get(actuator + "/prometheus").body())
                .containsPattern("switchboard_tasks_total\\{[^}]*agent=\"title\"[^}]*outcome=\"completed\"[^}]*\\} 1\\.0");

        // and SIGTERM drains the worker and ends the process (143: the JVM's status after SIGTERM, Boot's normal stop)
        app.destroy();
        assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("the application stopped within 60 s").isTrue();
        assertThat(app.exitValue()).isIn(0, 143);
        assertThat(Files.readString(dir.resolve("app.log"))).contains("Agent title stopping: draining its in-flight tasks")
                .contains("Agent title stopped");
    }

    private static String jar(String property) {
        Path jar = Path.of(System.getProperty(property, "missing -D" + property));
        assertThat(jar).as("-D%s (set by this project's pom)", property).isRegularFile();
        return jar.toString();
    }

    /** Starts {@code java ARGS} in the test's directory, its output to {@code NAME.log}. */
    private Process start(String name, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).start();
        processes.add(0, process); // stopped in reverse order: the application before the broker
        return process;
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
