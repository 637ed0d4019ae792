package dev.switchboard.bench;

import dev.switchboard.testkit.AgentGroups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 3: 1, 2 and 4 agent processes of a 200 ms agent (4 tasks at once each, no rate limit)
 * on a 12-partition task topic; throughput when draining a backlog. Also samples the resident
 * memory of the single agent process under load (scenario 4).
 */
final class ScalingScenario {
    static final String AGENT = "scale-bench";
    static final int CONCURRENCY = AgentDrain.CONCURRENCY;
    static final long TASK_MILLIS = AgentDrain.TASK_MILLIS;
    static final String AGENT_HEAP = AgentDrain.AGENT_HEAP;
    static final int PARTITIONS = 12;

    record Result(Map<Integer, Double> tasksPerSecond, double efficiency4, double agentRssMb) {
    }

    static Result run(String bootstrap, Path jar, boolean quick) throws Exception {
        AgentDrain drain = new AgentDrain(bootstrap, jar, AGENT, PARTITIONS, Map.of());
        Map<Integer, Double> throughput = new LinkedHashMap<>();
        double rss = 0;
        int perInstance = quick ? 120 : 400;
        for (int instances : List.of(1, 2, 4)) {
            AgentDrain.Drained d = drain.run(instances, perInstance, (b, agent, n) ->
                    AgentGroups.awaitMembersWithTaskPartitions(b, List.of(agent), n, Duration.ofSeconds(90)), instances == 1);
            throughput.put(instances, d.tasksPerSecond());
            if (instances == 1) {
                rss = d.rssMb();
            }
        }
        return new Result(throughput, throughput.get(4) / (4 * throughput.get(1)), rss);
    }

    static double rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (Exception e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
