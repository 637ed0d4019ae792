package com.example.shout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The agent as a user runs it: {@code switchboard up} (embedded Kafka, orchestrator, aggregator), then
 * {@code switchboard agent shout --classpath <this project's jar>}, then a job that asks for {@code shout}.
 */
class ShoutEndToEndIT {
    private static final Pattern URL = Pattern.compile("API:\\s+(http://\\S+)");
    private static final Pattern KAFKA = Pattern.compile("Kafka:\\s+(\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> processes = new ArrayList<>();
    private Path data;

    @AfterEach
    void stopProcessesAndShowTheirLogs() throws Exception {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).destroy();
            processes.get(i).waitFor();
        }
        for (String name : List.of("up", "agent")) {
            Path log = data.resolve(name + ".log");
            if (Files.exists(log)) {
                Files.readAllLines(log).forEach(line -> System.out.println("[" + name + "] " + line));
            }
        }
    }

    @Test
    void shouldAnswerAJobFromTheAgentsOwnJar() throws Exception {
        // Given Switchboard up, and the shout agent from this project's jar pointed at its broker
        data = Files.createTempDirectory("shout-e2e");
        Process up = start(data, "up", List.of("up", "--port", "0", "--data-dir", data.resolve("state").toString()), Map.of());
        Map<String, String> printed = awaitUp(up, data.resolve("up.log"));
        String api = printed.get("api");
        start(data, "agent", List.of("agent", "shout", "--classpath", jar("agent.jar").toString()),
                Map.of("SWITCHBOARD_BOOTSTRAP_SERVERS", printed.get("kafka"), "SWITCHBOARD_LLM_PROVIDER", "offline"));
        await("shout listed at GET /v1/agents").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> get(api + "/v1/agents").body().contains("\"shout\""));

        // When a job asks for shout
        HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(URI.create(api + "/v1/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"document\": \"Kafka carries the work.\\nNobody waits.\", "
                        + "\"agents\": [\"shout\"]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String jobId = JSON.readTree(submitted.body()).get("jobId").asText();

        // Then the report holds shout's OK result with its output and its headline
        JsonNode report = await("the report").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> get(api + "/v1/jobs/" + jobId + "/report?waitSeconds=5"), r -> r.statusCode() == 200)
                .body().transform(ShoutEndToEndIT::parse);
        assertThat(report.get("status").asText()).isEqualTo("COMPLETED");
        JsonNode result = report.get("results").get("shout");
        assertThat(result.get("status").asText()).isEqualTo("OK");
        assertThat(result.get("output").get("text").asText()).isEqualTo("KAFKA CARRIES THE WORK.");
        assertThat(report.get("synthesis").toString()).contains("Shouted: KAFKA CARRIES THE WORK.");
    }

    private static Path jar(String property) {
        Path jar = Path.of(System.getProperty(property, "missing -D" + property));
        assertThat(jar).as("-D%s (set by this project's pom)", property).isRegularFile();
        return jar;
    }

    /** Starts {@code java -jar switchboard.jar ARGS} in {@code dir}, its output to {@code dir/NAME.log}. */
    private Process start(Path dir, String name, List<String> args, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar("switchboard.jar").toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    /** Waits for {@code up}'s log to say it is up; returns the API URL and the bootstrap servers it printed. */
    private static Map<String, String> awaitUp(Process up, Path log) {
        return await("switchboard up (log: " + log + ")").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .failFast("switchboard up exited", () -> !up.isAlive())
                .until(() -> printed(Files.readString(log)), found -> found.size() == 2);
    }

    private static Map<String, String> printed(String log) {
        Matcher url = URL.matcher(log);
        Matcher kafka = KAFKA.matcher(log);
        return url.find() && kafka.find() ? Map.of("api", url.group(1), "kafka", kafka.group(1)) : Map.of();
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
