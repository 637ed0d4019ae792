package dev.switchboard.contracts.message;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The one synthesized answer to a job, keyed by jobId on the compacted {@code switchboard.reports}. {@code usage} totals
 * what the job's model calls cost, per agent and in all (from the results).
 */
public record Report(
        int version,
        UUID jobId,
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

    public enum Status { COMPLETED, PARTIAL, TIMED_OUT, FAILED }

    public Report {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        // agents in the order the job listed them, not hash order
        results = results == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(results));
        missingAgents = missingAgents == null ? List.of() : List.copyOf(missingAgents);
        failedAgents = failedAgents == null ? List.of() : List.copyOf(failedAgents);
        // what the agents' results say they spent; a report written before usage existed reads the same way
        usage = usage == null ? JobUsage.of(results) : usage;
    }

    /** A report whose usage is summed from its results. */
    public Report(int version, UUID jobId, Status status, Map<String, AgentResult> results, List<String> missingAgents,
                  List<String> failedAgents, String synthesis, Instant createdAt) {
        this(version, jobId, status, results, missingAgents, failedAgents, synthesis, createdAt, null);
    }
}
