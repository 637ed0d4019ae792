package dev.switchboard.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ObjDoubleConsumer;

/** The deployed scenario's part of a run: its table rows, its JSON and its part of the {@code summary:} line (decision 0039). */
final class DeployedFigures {
    private DeployedScenario.Result result;

    void run(Set<Benchmarks.Scenario> chosen, String bootstrap, Path benchJar, Path launcherJar, boolean quick, Map<String, Object> results,
            ObjDoubleConsumer<String> row, PrintStream out) throws Exception {
        if (!chosen.contains(Benchmarks.Scenario.DEPLOYED)) {
            return;
        }
        System.gc(); // as between the other scenarios: the last one's garbage collected before this one
        out.println("deployed: orchestrator, aggregator and 3 no-op agents as separate JVMs, and the same all-in-one ...");
        result = DeployedScenario.run(bootstrap, benchJar, launcherJar, quick);
        Map<String, Object> json = new LinkedHashMap<>();
        for (var layout : Map.of("deployed", result.deployed(), "allInOne", result.allInOne()).entrySet()) {
            DeployedScenario.Layout l = layout.getValue();
            PacedLatency.Result lat = l.latency();
            json.put(layout.getKey(), Map.of("jobsPerSecond", l.jobsPerSecond(), "latencyRateJobsPerSecond", lat.rate(), "jobs", lat.jobs(),
                    "p50Ms", lat.p50(), "p95Ms", lat.p95(), "p99Ms", lat.p99(), "stages", lat.stages().toJson()));
            lat.stages().describe(layout.getKey()).forEach(out::println);
        }
        json.put("p99Ratio", result.p99Ratio());
        json.put("rssMb", result.rssMb());
        json.put("totalRssMb", result.totalRssMb());
        results.put("deployed", json);
        DeployedScenario.Layout d = result.deployed();
        DeployedScenario.Layout a = result.allInOne();
        row.accept("deployed jobs/s (5 JVMs, saturated, median of " + FrontDoorBench.RUNS + ")", d.jobsPerSecond());
        row.accept("  all-in-one jobs/s, same run", a.jobsPerSecond());
        row.accept("deployed latency p50 ms at " + Math.round(d.latency().rate()) + " jobs/s", d.latency().p50());
        row.accept("deployed latency p95 ms", d.latency().p95());
        row.accept("deployed latency p99 ms (p99_ms_deployed)", d.latency().p99());
        row.accept("  all-in-one p50 ms at " + Math.round(a.latency().rate()) + " jobs/s", a.latency().p50());
        row.accept("  all-in-one p99 ms", a.latency().p99());
        row.accept("p99 deployed / all-in-one (target <= 1.5)", result.p99Ratio());
        result.deployed().latency().stages().p50p99Ms().forEach((stage, f) -> row.accept("  deployed p50 ms: " + stage, f[0]));
        row.accept("deployed RSS MB, 5 processes", result.totalRssMb());
    }

    /** {@code p99_ms_deployed=… p99_deployed_ratio=… deployed_rss_mb=…}, NaN when the scenario did not run. */
    String summary() {
        return String.format(Locale.ROOT, "p99_ms_deployed=%.1f p99_deployed_ratio=%.2f deployed_rss_mb=%.0f",
                result == null ? Double.NaN : result.deployed().latency().p99(), result == null ? Double.NaN : result.p99Ratio(),
                result == null ? Double.NaN : result.totalRssMb());
    }
}
