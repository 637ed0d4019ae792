package dev.switchboard.report.aggregator;

import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.ErrorInfo;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Versioned;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a job's state (its changelog record) and the report it would produce under the largest record value the
 * topics take. A change that would go over is fitted: the outputs of the results it brings are replaced by
 * {@link OmittedOutput markers}, largest first; then their error messages and model names are cut; if even that does
 * not fit, the change is refused and the caller skips the record. Measuring serializes the state and the report as
 * they would be written, so whatever would fail to serialize fails here, before the store is touched.
 */
final class ReportSizeGuard {
    static final int MAX_TEXT_CHARS = 1024;
    private static final Logger log = LoggerFactory.getLogger(ReportSizeGuard.class);
    private final int maxValueBytes;
    private final ReportBuilder reports;
    private final AggregatorMetrics metrics;

    ReportSizeGuard(int maxValueBytes, ReportBuilder reports, AggregatorMetrics metrics) {
        this.maxValueBytes = maxValueBytes;
        this.reports = reports;
        this.metrics = metrics;
    }

    int maxValueBytes() {
        return maxValueBytes;
    }

    /**
     * {@code job} kept under the limit, fitting only the results of {@code agents} (the ones the change brought), or
     * empty when it cannot be.
     */
    Optional<JobAggregate> fit(JobAggregate job, Collection<String> agents, Instant now) {
        if (fits(job, now)) {
            return Optional.of(job);
        }
        List<AgentResult> withOutput = new ArrayList<>();
        for (String agent : agents) {
            AgentResult r = job.results().get(agent);
            if (r != null && r.output() != null && !OmittedOutput.isMarker(r.output())) {
                withOutput.add(r);
            }
        }
        List<Sized> largestFirst = withOutput.stream().map(r -> new Sized(r, Json.toBytes(r.output()).length))
                .sorted(Comparator.comparingLong(Sized::bytes).reversed()).toList();
        JobAggregate fitted = job;
        List<Sized> omitted = new ArrayList<>();
        for (Sized s : largestFirst) {
            fitted = fitted.replacingResult(OmittedOutput.omit(s.result(), s.bytes()));
            omitted.add(s);
            if (fits(fitted, now)) {
                return Optional.of(omitted(fitted, omitted));
            }
        }
        for (String agent : agents) {
            AgentResult r = fitted.results().get(agent);
            if (r != null) {
                fitted = fitted.replacingResult(slim(r));
            }
        }
        return fits(fitted, now) ? Optional.of(omitted(fitted, omitted)) : Optional.empty();
    }

    private JobAggregate omitted(JobAggregate job, List<Sized> omitted) {
        for (Sized s : omitted) {
            metrics.outputOmitted();
            log.warn("Job {}: the {} output ({} bytes) would take the job's state or report over {} bytes; the report carries a "
                    + "marker instead", s.result().jobId(), s.result().agent(), s.bytes(), maxValueBytes);
        }
        return job;
    }

    boolean fits(JobAggregate job, Instant now) {
        return Json.toBytes(job).length <= maxValueBytes && reportBytes(job, now) <= maxValueBytes;
    }

    /** The size of the report {@code job} would get now: complete, or timed out with the agents still missing. */
    private int reportBytes(JobAggregate job, Instant now) {
        JobAggregate reportable = job;
        if (job.manifest() == null) {
            if (job.results().isEmpty()) {
                return 0;
            }
            // results before their manifest: measure the report of a job that expects just these agents
            AgentResult any = job.results().values().iterator().next();
            JobManifest standIn = new JobManifest(Versioned.CURRENT_VERSION, any.jobId(), List.copyOf(job.results().keySet()), now,
                    now, null, Map.of(), null);
            reportable = job.withManifest(standIn, now);
        }
        return Json.toBytes(reports.build(reportable, !reportable.isComplete(), now)).length;
    }

    /** {@code r} with its error message and model name cut to {@link #MAX_TEXT_CHARS}. */
    static AgentResult slim(AgentResult r) {
        ErrorInfo error = r.error() == null ? null : new ErrorInfo(cut(r.error().type()), cut(r.error().message()));
        return new AgentResult(r.version(), r.jobId(), r.taskId(), r.agent(), r.status(), r.output(), error, r.attempts(),
                cut(r.model()), r.usage(), r.startedAt(), r.finishedAt());
    }

    private static String cut(String s) {
        return s == null || s.length() <= MAX_TEXT_CHARS ? s : s.substring(0, MAX_TEXT_CHARS) + "…";
    }

    private record Sized(AgentResult result, long bytes) {
    }
}
