package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a job's submit-to-report time goes (decision 0039): each job's path stamped at five points, from the client,
 * from {@code read_committed} readers and from the agents' own record timestamps, cut into four stages; the p50 and p99
 * of each stage over the jobs of a run.
 */
record StageBreakdown(Map<String, double[]> p50p99Ms) {
    static final List<String> STAGES = List.of(
            "submit to 202 (HTTP, fan-out transaction)",
            "202 to its tasks visible (read_committed)",
            "tasks visible to last result sent (agents)",
            "last result sent to report visible (aggregator)");

    /** One job's stamps, in {@link System#nanoTime()} nanoseconds. */
    record Timeline(long submitted, long accepted, long tasksVisible, long lastResultSent, long reportVisible) {
        double[] stagesMs() {
            return new double[] {(accepted - submitted) / 1e6, (tasksVisible - accepted) / 1e6, (lastResultSent - tasksVisible) / 1e6,
                    (reportVisible - lastResultSent) / 1e6};
        }
    }

    static StageBreakdown of(Collection<Timeline> jobs) {
        List<List<Double>> byStage = new ArrayList<>();
        STAGES.forEach(s -> byStage.add(new ArrayList<>()));
        for (Timeline t : jobs) {
            double[] ms = t.stagesMs();
            for (int i = 0; i < ms.length; i++) {
                byStage.get(i).add(ms[i]);
            }
        }
        Map<String, double[]> figures = new LinkedHashMap<>();
        for (int i = 0; i < STAGES.size(); i++) {
            figures.put(STAGES.get(i), new double[] {Stats.percentile(byStage.get(i), 50), Stats.percentile(byStage.get(i), 99)});
        }
        return new StageBreakdown(figures);
    }

    /** For the JSON: stage name to {p50Ms, p99Ms}. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        p50p99Ms.forEach((stage, f) -> json.put(stage, Map.of("p50Ms", f[0], "p99Ms", f[1])));
        return json;
    }

    /** One line per stage: {@code <label> <stage>: p50 x ms, p99 y ms}. */
    List<String> describe(String label) {
        List<String> lines = new ArrayList<>();
        p50p99Ms.forEach((stage, f) -> lines.add(String.format(java.util.Locale.ROOT, "%s %s: p50 %.1f ms, p99 %.1f ms", label, stage, f[0], f[1])));
        return lines;
    }
}
