package dev.switchboard.bench;

import dev.switchboard.kafka.embedded.EmbeddedKafkaCluster;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The figures of issue 19's front doors and share-mode agents (decision 0040): {@code ingress_ratio} and
 * {@code batch_ratio} (jobs/s through the Kafka ingress and through batch submit ÷ the bare baseline of the same run),
 * each door's latency at half its saturated rate, and {@code share_scaling_12}. Runs the chosen ones of
 * {@link IngressScenario}, {@link BatchScenario} and {@link ShareScalingScenario}, adds their rows and JSON, and gives
 * their part of the {@code summary:} line (NaN for what did not run).
 */
final class FrontDoorFigures {
    /** Where a scenario's rows go: the bench's table. */
    interface Rows {
        void row(String name, double value);
    }

    private double ingressRatio = Double.NaN;
    private double batchRatio = Double.NaN;
    private double ingressP99 = Double.NaN;
    private double batchP99 = Double.NaN;
    private double shareScaling = Double.NaN;

    void run(Set<Benchmarks.Scenario> chosen, EmbeddedKafkaCluster kafka, BaselineScenario.Once bare, Path benchJar, boolean quick,
            Map<String, Object> results, Rows table, PrintStream out) throws Exception {
        if (chosen.contains(Benchmarks.Scenario.INGRESS)) {
            Benchmarks.isolate();
            out.println("ingress: jobs produced to switchboard.submissions ...");
            FrontDoorBench.Result r = IngressScenario.run(kafka.bootstrapServers(), quick);
            ingressRatio = r.jobsPerSecond() / bare.median();
            ingressP99 = r.p99();
            record("ingress", "Kafka ingress", r, ingressRatio, bare.median(), results, table);
        }
        if (chosen.contains(Benchmarks.Scenario.BATCH)) {
            Benchmarks.isolate();
            out.println("batch: POST /v1/jobs:batch, " + BatchFrontDoor.BATCH + " jobs a request ...");
            FrontDoorBench.Result r = BatchScenario.run(kafka.bootstrapServers(), quick);
            batchRatio = r.jobsPerSecond() / bare.median();
            batchP99 = r.p99();
            record("batch", "batch submit (" + BatchFrontDoor.BATCH + "/request)", r, batchRatio, bare.median(), results, table);
        }
        if (chosen.contains(Benchmarks.Scenario.SHARE)) {
            Benchmarks.isolate();
            out.println("share: 1 and " + ShareScalingScenario.PROCESSES + " agent processes in share mode on "
                    + ShareScalingScenario.PARTITIONS + " partitions ...");
            ShareScalingScenario.Result r = ShareScalingScenario.run(kafka.bootstrapServers(), benchJar, quick);
            shareScaling = r.efficiency();
            results.put("share", Benchmarks.fields("partitions", ShareScalingScenario.PARTITIONS, "processes", ShareScalingScenario.PROCESSES,
                    "oneProcessTasksPerSecond", r.oneProcess(), "manyProcessesTasksPerSecond", r.manyProcesses(),
                    "shareScaling12", shareScaling, "taskMillis", AgentDrain.TASK_MILLIS, "concurrencyPerInstance", AgentDrain.CONCURRENCY));
            table.row("share mode tasks/s, 1 agent process", r.oneProcess());
            table.row("share mode tasks/s, " + ShareScalingScenario.PROCESSES + " processes on " + ShareScalingScenario.PARTITIONS
                    + " partitions", r.manyProcesses());
            table.row("share_scaling_12", shareScaling);
        }
    }

    /** This part of the {@code summary:} line, with a leading space. */
    String summary() {
        return String.format(Locale.ROOT, " ingress_ratio=%.3f batch_ratio=%.3f p99_ms_ingress=%.1f p99_ms_batch=%.1f share_scaling_12=%.3f",
                ingressRatio, batchRatio, ingressP99, batchP99, shareScaling);
    }

    private static void record(String key, String door, FrontDoorBench.Result r, double ratio, double baseline, Map<String, Object> results,
            Rows table) {
        results.put(key, Benchmarks.fields("jobs", r.jobs(), "jobsPerSecond", r.jobsPerSecond(), "runs", r.runs(),
                "jobsPerFanOutTransaction", r.jobsPerTransaction(), "baselineJobsPerSecond", baseline, "ratio", ratio,
                "latencyRateJobsPerSecond", r.halfRate(), "latencyJobs", r.latency().jobs(), "p50Ms", r.p50(), "p95Ms", r.p95(),
                "p99Ms", r.p99()));
        table.row(door + " jobs/s (saturated, median of " + FrontDoorBench.RUNS + ")", r.jobsPerSecond());
        if (!Double.isNaN(r.jobsPerTransaction())) { // the ingress writes its own transactions, not the fan-out's
            table.row(door + " jobs per fan-out transaction", r.jobsPerTransaction());
        }
        table.row(key + "_ratio", ratio);
        table.row(door + " latency p50 ms at " + Math.round(r.halfRate()) + " jobs/s", r.p50());
        table.row(door + " latency p95 ms", r.p95());
        table.row(door + " latency p99 ms", r.p99());
    }
}
