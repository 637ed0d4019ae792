package dev.switchboard.report.aggregator;

import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.JobManifest;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One job's state in the aggregator's store: its manifest (once seen), the first result per agent,
 * every task id seen (to drop duplicates), whether the report went out, and the deadline the
 * aggregator keeps for the job ({@code deadline}: the manifest's, clamped; {@code null} in state
 * written before deadlines were clamped, which then falls back to the manifest's).
 */
public record JobAggregate(int version, JobManifest manifest, Map<String, AgentResult> results, Set<UUID> taskIds,
                           Instant firstSeenAt, Instant reportedAt, Instant deadline) {

    public JobAggregate {
        results = results == null ? Map.of() : Map.copyOf(results);
        taskIds = taskIds == null ? Set.of() : Set.copyOf(taskIds);
    }

    static JobAggregate empty(Instant now) {
        return new JobAggregate(1, null, Map.of(), Set.of(), now, null, null);
    }

    JobAggregate withManifest(JobManifest m, Instant keptDeadline) {
        return new JobAggregate(version, m, results, taskIds, firstSeenAt, reportedAt, keptDeadline);
    }

    JobAggregate withResult(AgentResult r) {
        Map<String, AgentResult> more = new LinkedHashMap<>(results);
        more.putIfAbsent(r.agent(), r);
        Set<UUID> ids = new HashSet<>(taskIds);
        ids.add(r.taskId());
        return new JobAggregate(version, manifest, more, ids, firstSeenAt, reportedAt, deadline);
    }

    /** This job with the result of {@code r}'s agent replaced by {@code r} (a slimmer copy of the same result). */
    JobAggregate replacingResult(AgentResult r) {
        Map<String, AgentResult> replaced = new LinkedHashMap<>(results);
        replaced.put(r.agent(), r);
        return new JobAggregate(version, manifest, replaced, taskIds, firstSeenAt, reportedAt, deadline);
    }

    JobAggregate reported(Instant at) {
        return new JobAggregate(version, manifest, results, taskIds, firstSeenAt, at, deadline);
    }

    /** The deadline the time index holds for this job. */
    Instant dueAt() {
        return deadline != null ? deadline : manifest.deadline();
    }

    boolean isReported() {
        return reportedAt != null;
    }

    /** Every expected agent has a result. */
    boolean isComplete() {
        return manifest != null && results.keySet().containsAll(manifest.agents());
    }

    List<String> missingAgents() {
        return manifest == null ? List.of() : manifest.agents().stream().filter(a -> !results.containsKey(a)).toList();
    }
}
