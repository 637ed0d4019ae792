package dev.switchboard.contracts.message;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The synthesized answer to a job, keyed by jobId on the compacted {@code switchboard.reports}. {@code usage} totals
 * what the job's model calls cost, per agent and in all (from the results). {@code revision} is 1 for the job's first
 * report; a dead letter replayed later amends the job with the next revision (decision 0025): exactly one report per
 * job and revision. A report written before revisions existed reads as revision 1.
 */
public record Report(
        int version,
        UUID jobId,
        int revision,
        Status status,
        Map<String, AgentResult> results,
        List<String> missingAgents,
        List<String> failedAgents,
        String synthesis,
        Instant createdAt,
        JobUsage usage) implements Versioned {

    /**
     * A header of every report record the report aggregator writes: the job's callback URL (UTF-8), empty
     * when the job has none. It lets the callback dispatcher deliver without the job's manifest; a report
     * without it (written by an older aggregator) leaves the dispatcher to look the manifest up.
     */
    public static final String CALLBACK_URL_HEADER = "switchboard.callback-url";

    /**
     * The agent whose output is the report's {@code synthesis} when a job runs it and it answers OK: its output's
     * {@link #SYNTHESIS_TEXT_FIELD} (decision 0030). Otherwise the aggregator writes the synthesis from the headlines.
     */
    public static final String SYNTHESIS_AGENT = "synthesis";

    /** The text field of the {@link #SYNTHESIS_AGENT}'s output. */
    public static final String SYNTHESIS_TEXT_FIELD = "text";

    public enum Status { COMPLETED, PARTIAL, TIMED_OUT, FAILED }

    /** The revision of a job's first report. */
    public static final int FIRST_REVISION = 1;

    public Report {
        Objects.requireNonNull(jobId, "jobId");
        revision = Math.max(FIRST_REVISION, revision);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        // agents in the order the job listed them, not hash order
        results = results == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(results));
        missingAgents = missingAgents == null ? List.of() : List.copyOf(missingAgents);
        failedAgents = failedAgents == null ? List.of() : List.copyOf(failedAgents);
        // what the agents' results say they spent; a report written before usage existed reads the same way
        usage = usage == null ? JobUsage.of(results) : usage;
    }

    /** Reads a report; one written before revisions existed has none and is revision 1. */
    @JsonCreator
    static Report read(@JsonProperty("version") int version, @JsonProperty("jobId") UUID jobId,
                       @JsonProperty("revision") Integer revision, @JsonProperty("status") Status status,
                       @JsonProperty("results") Map<String, AgentResult> results,
                       @JsonProperty("missingAgents") List<String> missingAgents,
                       @JsonProperty("failedAgents") List<String> failedAgents, @JsonProperty("synthesis") String synthesis,
                       @JsonProperty("createdAt") Instant createdAt, @JsonProperty("usage") JobUsage usage) {
        return new Report(version, jobId, revision == null ? FIRST_REVISION : revision, status, results, missingAgents,
                failedAgents, synthesis, createdAt, usage);
    }

    /** A first report. */
    public Report(int version, UUID jobId, Status status, Map<String, AgentResult> results, List<String> missingAgents,
                  List<String> failedAgents, String synthesis, Instant createdAt, JobUsage usage) {
        this(version, jobId, FIRST_REVISION, status, results, missingAgents, failedAgents, synthesis, createdAt, usage);
    }

    /** A first report whose usage is summed from its results. */
    public Report(int version, UUID jobId, Status status, Map<String, AgentResult> results, List<String> missingAgents,
                  List<String> failedAgents, String synthesis, Instant createdAt) {
        this(version, jobId, FIRST_REVISION, status, results, missingAgents, failedAgents, synthesis, createdAt, null);
    }

    /** Whether this report amends an earlier one of its job (a replayed dead letter's result came in). */
    public boolean isAmendment() {
        return revision > FIRST_REVISION;
    }
}
