package dev.switchboard.testkit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole stack for an agent author's end-to-end test: {@code java -jar switchboard.jar up} (embedded Kafka,
 * orchestrator, aggregator) in a directory of its own, the processes the test starts beside it (the agent, an
 * application), and the few HTTP calls such a test makes. {@link #close} stops them, latest first, and prints each
 * one's log.
 *
 * <pre>{@code
 * try (SwitchboardUp stack = SwitchboardUp.start(Path.of(System.getProperty("switchboard.jar")))) {
 *     stack.switchboard("agent", List.of("agent", "shout", "--classpath", agentJar), Map.of());
 *     stack.awaitAgent("shout", Duration.ofSeconds(90));
 *     String report = stack.awaitReport(stack.submit("{\"document\": \"...\", \"agents\": [\"shout\"]}"), Duration.ofSeconds(90));
 * }
 * }</pre>
 */
public final class SwitchboardUp implements AutoCloseable {
    private static final Pattern API = Pattern.compile("API:\\s+(http://\\S+)");
    private static final Pattern KAFKA = Pattern.compile("Kafka:\\s+(\\S+)");
    private static final Pattern JOB_ID = Pattern.compile("\"jobId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Duration UP_TIMEOUT = Duration.ofSeconds(120);

    private final Path switchboardJar;
    private final Path dir;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> names = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private String api;
    private String bootstrapServers;

    private SwitchboardUp(Path switchboardJar, Path dir) {
        this.switchboardJar = switchboardJar;
        this.dir = dir;
    }

    /** Runs {@code switchboard.jar up --port 0} in a new temporary directory and waits until it prints its addresses. */
    public static SwitchboardUp start(Path switchboardJar) throws IOException {
        if (!Files.isRegularFile(switchboardJar)) {
            throw new IllegalArgumentException("No switchboard.jar at " + switchboardJar.toAbsolutePath());
        }
        SwitchboardUp stack = new SwitchboardUp(switchboardJar, Files.createTempDirectory("switchboard-up"));
        try {
            Process up = stack.switchboard("up", List.of("up", "--port", "0", "--data-dir", stack.dir.resolve("state").toString()), Map.of());
            String log = await("switchboard up (log: " + stack.log("up") + ")").atMost(UP_TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .failFast("switchboard up exited", () -> !up.isAlive())
                    .until(() -> Files.readString(stack.log("up")), text -> API.matcher(text).find() && KAFKA.matcher(text).find());
            stack.api = first(API, log);
            stack.bootstrapServers = first(KAFKA, log);
            return stack;
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    /** The orchestrator's base URL, {@code http://127.0.0.1:<port>}. */
    public String api() {
        return api;
    }

    /** The embedded broker's bootstrap servers. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The directory the processes run in; each one's output is {@code NAME.log} there. */
    public Path dir() {
        return dir;
    }

    public Path log(String name) {
        return dir.resolve(name + ".log");
    }

    /** Starts {@code java -jar switchboard.jar ARGS} (e.g. {@code agent NAME --classpath JAR}) with {@code env} added. */
    public Process switchboard(String name, List<String> args, Map<String, String> env) throws IOException {
        List<String> javaArgs = new ArrayList<>(List.of("-jar", switchboardJar.toString()));
        javaArgs.addAll(args);
        return java(name, javaArgs, env);
    }

    /** Starts {@code java ARGS} (e.g. {@code -jar app.jar --server.port=0}) in {@link #dir}, its output to {@code NAME.log}. */
    public Process java(String name, List<String> args, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log(name).toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        names.add(name);
        processes.add(process);
        return process;
    }

    /** Waits until {@code GET /v1/agents} lists {@code agent} (its worker registered). */
    public void awaitAgent(String agent, Duration timeout) {
        await(agent + " listed at GET /v1/agents").atMost(timeout).pollInterval(Duration.ofMillis(500))
                .until(() -> get(api + "/v1/agents").body().contains("\"" + agent + "\""));
    }

    /** {@code POST /v1/jobs} with {@code requestJson}; the job id of the 202 answer (anything else fails the test). */
    public String submit(String requestJson) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(api + "/v1/jobs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(requestJson)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 202) {
            throw new AssertionError("POST /v1/jobs answered " + answer.statusCode() + ": " + answer.body());
        }
        return first(JOB_ID, answer.body());
    }

    /** The job's report (JSON) once it is there. */
    public String awaitReport(String jobId, Duration timeout) {
        return await("the report of " + jobId).atMost(timeout).pollInterval(Duration.ofMillis(500))
                .until(() -> get(api + "/v1/jobs/" + jobId + "/report?waitSeconds=5"), r -> r.statusCode() == 200).body();
    }

    /** {@code GET url}. */
    public HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Stops every process, the latest started first (the application before the stack), and prints their logs. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process process = processes.get(i);
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        for (String name : names) {
            try {
                new String(Files.readAllBytes(log(name)), StandardCharsets.UTF_8).lines()
                        .forEach(line -> System.out.println("[" + name + "] " + line));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static String first(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("No " + pattern + " in: " + text);
        }
        return m.group(1);
    }
}
