package dev.switchboard.contracts.message;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A report's usage: the job's total and each agent's, summed from the agents' results. */
public record JobUsage(Usage total, Map<String, Usage> byAgent) {
    public static final JobUsage NONE = new JobUsage(Usage.NONE, Map.of());

    public JobUsage {
        total = total == null ? Usage.NONE : total;
        byAgent = byAgent == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byAgent));
    }

    /** The totals of these results (agents in their order). */
    public static JobUsage of(Map<String, AgentResult> results) {
        Objects.requireNonNull(results, "results");
        Map<String, Usage> agents = new LinkedHashMap<>();
        Usage total = Usage.NONE;
        for (Map.Entry<String, AgentResult> e : results.entrySet()) {
            Usage u = e.getValue().usage();
            agents.merge(e.getKey(), u, Usage::plus);
            total = total.plus(u);
        }
        return new JobUsage(total, agents);
    }
}
