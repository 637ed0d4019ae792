package dev.switchboard.bench;

import dev.switchboard.core.message.Json;
import dev.switchboard.kafka.embedded.EmbeddedKafkaCluster;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs every scenario on a fresh embedded broker, prints a table and a summary line, writes bench-results/<timestamp>.json. */
public final class Benchmarks {
    private Benchmarks() {
    }

    /** @param jar the launcher jar, to start agent processes and measure {@code up} */
    public static Map<String, Object> run(boolean quick, Path jar, Path resultsDir, PrintStream out) throws Exception {
        Map<String, Object> results = new LinkedHashMap<>();
        long began = System.nanoTime();
        OverheadScenario.Result overhead;
        double baseline;
        LlmScenario.Result llm;
        ScalingScenario.Result scaling;
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().build().start()) {
            out.println("1/4 overhead: Switchboard, no-op agents ...");
            overhead = OverheadScenario.run(kafka.bootstrapServers(), quick);
            out.println("1/4 overhead: bare Kafka clients ...");
            baseline = BaselineScenario.run(kafka.bootstrapServers(), overhead.jobs());
            out.println("2/4 LLM-bound ...");
            llm = LlmScenario.run(kafka.bootstrapServers(), quick);
            out.println("3/4 scaling 1, 2, 4 agent processes ...");
            scaling = ScalingScenario.run(kafka.bootstrapServers(), jar, quick);
        }
        out.println("4/4 footprint: up launch-to-ready ...");
        double launchMillis = launchToReady(jar);

        double overheadRatio = overhead.jobsPerSecond() / baseline;
        results.put("mode", quick ? "quick" : "full");
        results.put("at", Instant.now().toString());
        results.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "java", System.getProperty("java.version")));
        results.put("overhead", Map.of("jobs", overhead.jobs(), "switchboardJobsPerSecond", overhead.jobsPerSecond(),
                "baselineJobsPerSecond", baseline, "overheadRatio", overheadRatio, "latencyRateJobsPerSecond", overhead.halfRate(),
                "p50Ms", overhead.p50(), "p95Ms", overhead.p95(), "p99Ms", overhead.p99()));
        results.put("llm", Map.of("limit", LlmScenario.RATE, "requests", llm.requests(), "achievedPerSecond", llm.achievedPerSecond(),
                "utilization", llm.utilization(), "overLimitRequests", llm.overLimit()));
        results.put("scaling", Map.of("tasksPerSecond", scaling.tasksPerSecond(), "efficiency4", scaling.efficiency4(),
                "taskMillis", ScalingScenario.TASK_MILLIS, "concurrencyPerInstance", ScalingScenario.CONCURRENCY));
        results.put("footprint", Map.of("agentRssMb", scaling.agentRssMb(), "upLaunchToReadyMs", launchMillis));
        results.put("seconds", (System.nanoTime() - began) / 1e9);

        out.println();
        out.printf(Locale.ROOT, "%-44s %12s%n", "measure", "value");
        row(out, "Switchboard jobs/s (3 no-op agents, saturated)", overhead.jobsPerSecond());
        row(out, "bare Kafka clients jobs/s (same message work)", baseline);
        row(out, "overhead_ratio", overheadRatio);
        row(out, "latency p50 ms at " + Math.round(overhead.halfRate()) + " jobs/s", overhead.p50());
        row(out, "latency p95 ms", overhead.p95());
        row(out, "latency p99 ms", overhead.p99());
        row(out, "LLM requests/s achieved (limit " + LlmScenario.RATE + ")", llm.achievedPerSecond());
        row(out, "llm_utilization", llm.utilization());
        row(out, "requests over the limit", llm.overLimit());
        scaling.tasksPerSecond().forEach((n, tps) -> row(out, "tasks/s with " + n + " agent process(es)", tps));
        row(out, "scaling_efficiency_4", scaling.efficiency4());
        row(out, "agent RSS MB", scaling.agentRssMb());
        row(out, "up launch-to-ready ms", launchMillis);

        Files.createDirectories(resultsDir);
        Path file = resultsDir.resolve(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now()) + ".json");
        Files.writeString(file, Json.toString(results));
        out.println("\nwrote " + file);
        out.printf(Locale.ROOT, "summary: overhead_ratio=%.3f llm_utilization=%.3f scaling_efficiency_4=%.3f agent_rss_mb=%.0f p99_ms=%.1f%n",
                overheadRatio, llm.utilization(), scaling.efficiency4(), scaling.agentRssMb(), overhead.p99());
        return results;
    }

    private static void row(PrintStream out, String name, double value) {
        out.printf(Locale.ROOT, "%-44s %12.3f%n", name, value);
    }

    static double launchToReady(Path jar) throws Exception {
        Path data = Files.createTempDirectory("bench-up");
        long start = System.nanoTime();
        Process up = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "up", "--port", "0", "--data-dir", data.toString()).redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.contains("Switchboard is up")) {
                    double ms = (System.nanoTime() - start) / 1e6;
                    up.destroy();
                    up.waitFor(60, TimeUnit.SECONDS);
                    return ms;
                }
            }
        } finally {
            if (up.isAlive()) {
                up.destroyForcibly();
            }
        }
        throw new IllegalStateException("up did not become ready");
    }

}
