package dev.switchboard.bench;

import dev.switchboard.contracts.message.Json;
import dev.switchboard.kafka.embedded.EmbeddedKafkaCluster;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs the chosen scenarios on a fresh embedded broker (not started when only the corpus runs),
 * prints a table and a summary line, writes bench-results/<timestamp>.json.
 */
public final class Benchmarks {
    /** The scenarios of the benchmark; {@code bench --only} picks some of them (for profiling one at a time). */
    public enum Scenario { OVERHEAD, LLM, SCALING, FOOTPRINT, QUOTA, STAGES, CORPUS, INGRESS, BATCH, SHARE, DEPLOYED }

    /** What runs without {@code --only}: all but the corpus, which takes over a minute even with {@code --quick}. */
    public static final Set<Scenario> DEFAULT_SCENARIOS = Set.copyOf(EnumSet.complementOf(EnumSet.of(Scenario.CORPUS)));

    private Benchmarks() {
    }

    /**
     * @param benchJar the benchmarks jar, the class path of the agent processes the scaling and quota scenarios start
     * @param launcherJar the production jar, whose {@code up} the footprint scenario times
     */
    public static Map<String, Object> run(boolean quick, Set<Scenario> scenarios, Path benchJar, Path launcherJar, Path resultsDir,
            PrintStream out)
            throws Exception {
        Set<Scenario> chosen = EnumSet.copyOf(scenarios.isEmpty() ? DEFAULT_SCENARIOS : scenarios);
        Map<String, Object> results = new LinkedHashMap<>();
        Table table = new Table(out);
        long began = System.nanoTime();
        double overheadRatio = Double.NaN;
        double p99 = Double.NaN;
        double utilization = Double.NaN;
        double efficiency = Double.NaN;
        double rss = Double.NaN;
        double clusterUtilization = Double.NaN;
        double overLimit = Double.NaN;
        double secondStageP50 = Double.NaN;
        double secondStageP99 = Double.NaN;
        FrontDoorFigures doors = new FrontDoorFigures();
        DeployedFigures deployed = new DeployedFigures();
        results.put("mode", quick ? "quick" : "full");
        results.put("at", Instant.now().toString());
        results.put("machine", fields("cores", Runtime.getRuntime().availableProcessors(), "java", System.getProperty("java.version")));
        boolean broker = chosen.stream().anyMatch(s -> s != Scenario.CORPUS);
        try (EmbeddedKafkaCluster kafka = broker ? EmbeddedKafkaCluster.builder().build().start() : null) {
            BaselineScenario.Once bare = broker ? new BaselineScenario.Once(kafka.bootstrapServers(), quick, out) : null;
            if (chosen.contains(Scenario.OVERHEAD)) {
                out.println("overhead: Switchboard, no-op agents ...");
                OverheadScenario.Result overhead = OverheadScenario.run(kafka.bootstrapServers(), quick);
                List<Double> baselineRuns = bare.runs();
                double baseline = bare.median();
                overheadRatio = overhead.jobsPerSecond() / baseline;
                p99 = overhead.p99();
                results.put("overhead", fields("jobs", overhead.jobs(), "switchboardJobsPerSecond", overhead.jobsPerSecond(),
                        "switchboardRuns", overhead.runs(), "jobsPerFanOutTransaction", overhead.jobsPerTransaction(), "baselineJobsPerSecond", baseline, "baselineRuns", baselineRuns, "overheadRatio", overheadRatio, "latencyRateJobsPerSecond", overhead.halfRate(), "latencySentJobsPerSecond", overhead.sentRate(),
                        "p50Ms", overhead.p50(), "p95Ms", overhead.p95(), "p99Ms", overhead.p99(),
                        "httpCeilingRequestsPerSecond", overhead.httpCeiling(), "httpBoundOnOverheadRatio", overhead.httpCeiling() / baseline));
                table.row("Switchboard jobs/s (3 no-op agents, saturated, median of " + OverheadScenario.RUNS + ")", overhead.jobsPerSecond());
                table.row("jobs per fan-out transaction (group commit)", overhead.jobsPerTransaction());
                table.row("bare Kafka clients jobs/s (same message work, median)", baseline);
                table.row("overhead_ratio", overheadRatio);
                table.row("latency p50 ms at " + Math.round(overhead.halfRate()) + " jobs/s (sent " + Math.round(overhead.sentRate()) + ")", overhead.p50());
                table.row("latency p95 ms", overhead.p95());
                table.row("latency p99 ms", overhead.p99());
                table.row("HTTP ceiling: GET /health/live per s", overhead.httpCeiling());
                table.row("bound on overhead_ratio (HTTP ceiling/bare)", overhead.httpCeiling() / baseline);
            }
            if (chosen.contains(Scenario.LLM)) {
                isolate();
                out.println("LLM-bound ...");
                LlmScenario.Result llm = LlmScenario.run(kafka.bootstrapServers(), quick);
                utilization = llm.utilization();
                results.put("llm", fields("limit", LlmScenario.RATE, "requests", llm.requests(), "achievedPerSecond", llm.achievedPerSecond(),
                        "utilization", llm.utilization(), "overLimitRequests", llm.overLimit(),
                        "closestArrivalsRApartMs", llm.closestMillis()));
                table.row("LLM requests/s achieved (limit " + LlmScenario.RATE + ")", llm.achievedPerSecond());
                table.row("llm_utilization", llm.utilization());
                table.row("requests over the limit", llm.overLimit());
                table.row("closest arrivals " + LlmScenario.RATE + " apart, ms (>= 1000 holds the limit)", llm.closestMillis());
            }
            if (chosen.contains(Scenario.SCALING) || chosen.contains(Scenario.FOOTPRINT)) {
                isolate();
                out.println("scaling: 1, 2, 4 agent processes ...");
                ScalingScenario.Result scaling = ScalingScenario.run(kafka.bootstrapServers(), benchJar, quick);
                efficiency = scaling.efficiency4();
                rss = scaling.agentRssMb();
                results.put("scaling", fields("tasksPerSecond", scaling.tasksPerSecond(), "efficiency4", efficiency,
                        "taskMillis", ScalingScenario.TASK_MILLIS, "agentHeap", ScalingScenario.AGENT_HEAP, "concurrencyPerInstance", ScalingScenario.CONCURRENCY));
                scaling.tasksPerSecond().forEach((n, tps) -> table.row("tasks/s with " + n + " agent process(es)", tps));
                table.row("scaling_efficiency_4", efficiency);
                table.row("agent RSS MB", rss);
            }
            if (chosen.contains(Scenario.QUOTA)) {
                isolate();
                out.println("quota: 1, 2, 4 agent processes on one account of " + QuotaScenario.RATE + " requests/s ...");
                QuotaScenario.Result quota = QuotaScenario.run(kafka.bootstrapServers(), benchJar, quick);
                clusterUtilization = quota.worstUtilization();
                overLimit = quota.totalOverLimit();
                results.put("quota", fields("limit", QuotaScenario.RATE, "negotiationExcludedMs", QuotaScenario.NEGOTIATION.toMillis(),
                        "concurrencyPerInstance", QuotaScenario.CONCURRENCY, "runs", quota.runs()));
                for (QuotaScenario.Run r : quota.runs()) {
                    String n = "quota " + r.processes() + " proc (" + r.busy() + " busy+" + r.idle() + " idle): ";
                    table.row(n + "cluster_llm_utilization", r.utilization());
                    table.row(n + "  the same from the first call (negotiation included)", r.utilizationFromFirstCall());
                    table.row(n + "over-limit arrivals", r.overLimit());
                    table.row(n + "paid model calls", r.paidCalls());
                    table.row(n + "tasks done of " + r.tasks(), r.done());
                }
                table.row("cluster_llm_utilization (worst of 1, 2, 4)", clusterUtilization);
                table.row("over-limit arrivals (all runs)", overLimit);
            }
            if (chosen.contains(Scenario.STAGES)) {
                isolate();
                out.println("stages: no-op jobs of one stage and of two, interleaved at " + StagesScenario.RATE + " jobs/s ...");
                StagesScenario.Result stages = StagesScenario.run(kafka.bootstrapServers(), quick);
                secondStageP50 = stages.twoP50() - stages.oneP50();
                secondStageP99 = stages.twoP99() - stages.oneP99();
                out.printf(Locale.ROOT, "stages: p50 %.1f -> %.1f ms (+%.1f), p99 %.1f -> %.1f ms (+%.1f), %d jobs of each%n",
                        stages.oneP50(), stages.twoP50(), secondStageP50, stages.oneP99(), stages.twoP99(), secondStageP99,
                        stages.jobsEach());
                results.put("stages", fields("rateJobsPerSecond", StagesScenario.RATE, "jobsEach", stages.jobsEach(),
                        "oneStageP50Ms", stages.oneP50(), "oneStageP99Ms", stages.oneP99(),
                        "twoStagesP50Ms", stages.twoP50(), "twoStagesP99Ms", stages.twoP99(),
                        "secondStageAddsP50Ms", secondStageP50, "secondStageAddsP99Ms", secondStageP99,
                        "oneStageMs", stages.oneStage(), "twoStagesMs", stages.twoStages()));
                table.row("1 stage (" + StagesScenario.FIRST + ") latency p50 ms", stages.oneP50());
                table.row("2 stages (+ " + StagesScenario.SECOND + ") latency p50 ms", stages.twoP50());
                table.row("  added by the second stage, p50 ms", secondStageP50);
                table.row("1 stage latency p99 ms", stages.oneP99());
                table.row("2 stages latency p99 ms", stages.twoP99());
                table.row("  added by the second stage, p99 ms", secondStageP99);
            }
            doors.run(chosen, kafka, bare, benchJar, quick, results, table::row, out);
            deployed.run(chosen, kafka.bootstrapServers(), benchJar, launcherJar, quick, results, table::row, out);
        }
        if (chosen.contains(Scenario.FOOTPRINT)) {
            out.println("footprint: up launch-to-ready ...");
            double launchMillis = launchToReady(launcherJar);
            results.put("footprint", fields("agentRssMb", rss, "upLaunchToReadyMs", launchMillis));
            table.row("up launch-to-ready ms", launchMillis);
        }
        if (chosen.contains(Scenario.CORPUS)) {
            isolate();
            out.println("corpus: the offline agents on the adversarial corpus ...");
            List<CorpusScenario.Result> corpus = CorpusScenario.run(quick);
            CorpusScenario.describe(corpus).forEach(out::println);
            Map<String, Object> byAgent = new LinkedHashMap<>();
            for (CorpusScenario.Result r : corpus) {
                byAgent.put(r.agent(), fields("documents", r.documents(), "megabytes", r.bytes() / 1e6, "seconds", r.seconds(),
                        "msPerMegabyte", r.millisPerMegabyte(), "slowestKind", r.slowest(), "slowestBytes", r.slowestBytes(),
                        "slowestMs", r.slowestMillis(), "failures", r.failures()));
                table.row("corpus " + r.agent() + " ms per MB", r.millisPerMegabyte());
                table.row("corpus " + r.agent() + " slowest document ms", r.slowestMillis());
            }
            results.put("corpus", byAgent);
        }
        results.put("seconds", (System.nanoTime() - began) / 1e9);
        table.print();

        Files.createDirectories(resultsDir);
        Path file = resultsDir.resolve(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now()) + ".json");
        Files.writeString(file, Json.toString(results));
        out.println("\nwrote " + file);
        out.printf(Locale.ROOT, "summary: overhead_ratio=%.3f llm_utilization=%.3f scaling_efficiency_4=%.3f agent_rss_mb=%.0f p99_ms=%.1f"
                + " cluster_llm_utilization=%.3f over_limit=%.0f second_stage_p50_ms=%.1f second_stage_p99_ms=%.1f%s%n", overheadRatio,
                utilization, efficiency, rss, p99, clusterUtilization, overLimit, secondStageP50, secondStageP99, doors.summary() + " " + deployed.summary());
        return results;
    }

    /**
     * Between scenarios: collect the garbage the last one left (the overhead run's 200 000 baseline jobs), so its
     * collection pauses do not fall into the next. The LLM run's scripted server shares this JVM and stamps arrivals
     * after any pause: one 30 ms+ pause bunched arrivals past the rate limiter's margin.
     */
    static void isolate() {
        System.gc(); // a full, stop-the-world collection with G1: done when it returns
    }

    /** An ordered JSON object from name, value pairs. */
    static Map<String, Object> fields(Object... nameValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            m.put((String) nameValues[i], nameValues[i + 1]);
        }
        return m;
    }

    /** Rows collected while the scenarios run, printed together at the end. */
    private static final class Table {
        private final PrintStream out;
        private final Map<String, Double> rows = new LinkedHashMap<>();

        Table(PrintStream out) {
            this.out = out;
        }

        void row(String name, double value) {
            rows.put(name, value);
        }

        void print() {
            out.println();
            out.printf(Locale.ROOT, "%-58s %12s%n", "measure", "value");
            rows.forEach((name, value) -> out.printf(Locale.ROOT, "%-58s %12.3f%n", name, value));
        }
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
