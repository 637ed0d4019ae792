package dev.switchboard.report.aggregator;

import dev.switchboard.core.message.AgentResult;
import dev.switchboard.core.message.JobManifest;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One job's state in the aggregator's store: its manifest (once seen), the first result per agent,
 * every task id seen (to drop duplicates), and whether the report went out.
 */
public record JobAggregate(int version, JobManifest manifest, Map<String, AgentResult> results, Set<UUID> taskIds,
                           Instant firstSeenAt, Instant reportedAt) {

    public JobAggregate {
        results = results == null ? Map.of() : Map.copyOf(results);
        taskIds = taskIds == null ? Set.of() : Set.copyOf(taskIds);
    }

    static JobAggregate empty(Instant now) {
        return new JobAggregate(1, null, Map.of(), Set.of(), now, null);
    }

    JobAggregate withManifest(JobManifest m) {
        return new JobAggregate(version, m, results, taskIds, firstSeenAt, reportedAt);
    }

    JobAggregate withResult(AgentResult r) {
        Map<String, AgentResult> more = new LinkedHashMap<>(results);
        more.putIfAbsent(r.agent(), r);
        Set<UUID> ids = new HashSet<>(taskIds);
        ids.add(r.taskId());
        return new JobAggregate(version, manifest, more, ids, firstSeenAt, reportedAt);
    }

    JobAggregate reported(Instant at) {
        return new JobAggregate(version, manifest, results, taskIds, firstSeenAt, at);
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
