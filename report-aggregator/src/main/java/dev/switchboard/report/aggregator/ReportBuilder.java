package dev.switchboard.report.aggregator;

import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.message.SynthesisTemplate;
import dev.switchboard.contracts.message.Versioned;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides a job's report: its status from the manifest and results, and a deterministic synthesis text: each OK
 * result's headline (the agent's own sentence, {@link AgentResult#headline()}) in the manifest's agent order, then the
 * agents that answered without one. The aggregator reads no agent's output fields. A headline that cannot be read
 * costs its sentence, never the report; outputs omitted for size are named in the synthesis; long agent lists are
 * shortened there (the report's own lists stay complete). When the job runs the synthesis agent and it answered OK
 * with a text, that text is the synthesis instead, unless a result it needs was replayed since ({@link AgentSynthesis};
 * decision 0030).
 */
final class ReportBuilder {
    private static final Logger log = LoggerFactory.getLogger(ReportBuilder.class);
    /** How production reads a result's sentence: the headline the agent put into it. */
    static final Function<AgentResult, Optional<String>> HEADLINES = AgentResult::findHeadline;
    private final Function<AgentResult, Optional<String>> headlines;
    private final AggregatorMetrics metrics;

    /** {@code headlines} reads an OK result's sentence: {@link #HEADLINES} but in tests that make it fail. */
    ReportBuilder(Function<AgentResult, Optional<String>> headlines, AggregatorMetrics metrics) {
        this.headlines = headlines;
        this.metrics = metrics;
    }

    /** The report of {@code job} at its {@link JobAggregate#reportRevision() revision}; usage is summed from its results. */
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
        return new Report(Versioned.CURRENT_VERSION, job.manifest().jobId(), job.reportRevision(), status, results, missing,
                failed, AgentSynthesis.of(job).orElseGet(() -> synthesis(expected, results, missing, failed)),
                now, null);
    }

    private String synthesis(List<String> expected, Map<String, AgentResult> results, List<String> missing, List<String> failed) {
        SynthesisTemplate template = new SynthesisTemplate();
        for (String agent : expected) {
            AgentResult r = results.get(agent);
            if (r != null && r.isOk()) {
                template.answered(agent, headline(r));
            }
        }
        results.forEach((agent, r) -> OmittedOutput.omittedBytes(r).ifPresent(bytes -> template.omitted(agent, bytes)));
        failed.forEach(agent -> template.failed(agent, results.get(agent).error().type()));
        missing.forEach(template::missing);
        return template.text();
    }

    private Optional<String> headline(AgentResult r) {
        try {
            return headlines.apply(r);
        } catch (RuntimeException e) {
            metrics.synthesisLineFailed();
            log.warn("The headline of {} on job {} could not be read; its sentence is left out: {}", r.agent(), r.jobId(), e.toString());
            return Optional.empty();
        }
    }
}
