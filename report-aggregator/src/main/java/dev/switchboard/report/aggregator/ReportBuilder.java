package dev.switchboard.report.aggregator;

import dev.switchboard.core.message.AgentResult;
import dev.switchboard.core.message.Report;
import dev.switchboard.core.message.Versioned;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Decides a job's report: its status from the manifest and results, and a deterministic synthesis text. */
final class ReportBuilder {
    private final Map<String, SynthesisContributor> contributors;

    ReportBuilder(List<SynthesisContributor> contributors) {
        this.contributors = contributors.stream().collect(Collectors.toMap(SynthesisContributor::agent, Function.identity(), (a, b) -> b));
    }

    Report build(JobAggregate job, boolean timedOut, Instant now) {
        List<String> expected = job.manifest().agents();
        Map<String, AgentResult> results = new LinkedHashMap<>();
        expected.forEach(a -> {
            AgentResult r = job.results().get(a);
            if (r != null) {
                results.put(a, r);
            }
        });
        List<String> missing = job.missingAgents();
        List<String> failed = expected.stream().filter(a -> results.containsKey(a) && !results.get(a).isOk()).toList();
        Report.Status status;
        if (timedOut && !missing.isEmpty()) {
            status = Report.Status.TIMED_OUT;
        } else if (failed.size() == expected.size()) {
            status = Report.Status.FAILED;
        } else if (!failed.isEmpty()) {
            status = Report.Status.PARTIAL;
        } else {
            status = Report.Status.COMPLETED;
        }
        return new Report(Versioned.CURRENT_VERSION, job.manifest().jobId(), status, results, missing, failed,
                synthesis(expected, results, missing, failed), now);
    }

    private String synthesis(List<String> expected, Map<String, AgentResult> results, List<String> missing, List<String> failed) {
        List<String> sentences = new ArrayList<>();
        for (String agent : expected) {
            AgentResult r = results.get(agent);
            SynthesisContributor c = contributors.get(agent);
            if (r != null && r.isOk() && c != null) {
                c.contribute(r).ifPresent(sentences::add);
            }
        }
        List<String> others = expected.stream().filter(a -> results.containsKey(a) && results.get(a).isOk() && !contributors.containsKey(a)).toList();
        if (!others.isEmpty()) {
            sentences.add("Also answered: " + String.join(", ", others) + ".");
        }
        if (!failed.isEmpty()) {
            sentences.add("Failed: " + failed.stream().map(a -> a + " (" + results.get(a).error().type() + ")")
                    .collect(Collectors.joining(", ")) + ".");
        }
        if (!missing.isEmpty()) {
            sentences.add("No answer before the deadline from: " + String.join(", ", missing) + ".");
        }
        return sentences.isEmpty() ? "No agent produced a result." : String.join(" ", sentences);
    }
}
