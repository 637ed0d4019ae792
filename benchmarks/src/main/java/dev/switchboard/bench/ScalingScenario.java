package dev.switchboard.bench;

import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.testkit.AgentGroups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;

/**
 * Scenario 3: 1, 2 and 4 agent processes of a 200 ms agent (4 tasks at once each, no rate limit)
 * on a 12-partition task topic; throughput when draining a backlog. Also samples the resident
 * memory of the single agent process under load (scenario 4).
 */
final class ScalingScenario {
    static final String AGENT = "scale-bench";
    static final int CONCURRENCY = 4;
    static final long TASK_MILLIS = 200;
    /**
     * The agent processes' heap cap. G1 grows the heap to its cap before it collects much, so the cap sets the resident
     * size: 256m gave 246-255 MB RSS, 128m gives ~160 MB at the same throughput for this agent.
     */
    static final String AGENT_HEAP = "-Xmx128m";
    static final int PARTITIONS = 12;
    private static final int WARMUP_TASKS_PER_INSTANCE = 40;

    record Result(Map<Integer, Double> tasksPerSecond, double efficiency4, double agentRssMb) {
    }

    static Result run(String bootstrap, Path jar, boolean quick) throws Exception {
        Path dir = Files.createTempDirectory("bench-scaling");
        Path topicsFile = AgentProcesses.writeTopicsFile(dir, PARTITIONS, AGENT);
        TopicCatalogue topics = TopicCatalogue.load(topicsFile);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            new TopicProvisioner(admin).apply(topics);
        }
        Map<Integer, Double> throughput = new LinkedHashMap<>();
        double rss = 0;
        int perInstance = quick ? 120 : 400;
        for (int instances : List.of(1, 2, 4)) {
            try (AgentProcesses processes = new AgentProcesses(jar, AGENT_HEAP, dir, Map.of("SWITCHBOARD_BOOTSTRAP_SERVERS", bootstrap,
                    "SWITCHBOARD_TOPICS_FILE", topicsFile.toString(), "SWITCHBOARD_AGENT_CONCURRENCY", Integer.toString(CONCURRENCY)))) {
                List<Process> started = new ArrayList<>();
                for (int i = 0; i < instances; i++) {
                    started.add(processes.start("agent-" + instances + "-" + i, AGENT, Long.toString(TASK_MILLIS)));
                }
                AgentGroups.awaitMembersWithTaskPartitions(bootstrap, List.of(AGENT), instances, Duration.ofSeconds(90));
                Map<String, Long> done = Kafkas.newSeen();
                try (Kafkas.Watcher watcher = new Kafkas.Watcher(bootstrap, topics.results().name(), done::putIfAbsent)) {
                    // warm-up: fresh JVMs compile their hot code for the first seconds; every process count gets the same
                    Set<String> warmup = new HashSet<>();
                    Kafkas.produceRoundRobin(bootstrap, topics.agent(AGENT), PARTITIONS, WARMUP_TASKS_PER_INSTANCE * instances, warmup);
                    Kafkas.await(warmup, done, Duration.ofMinutes(2));
                    int tasks = perInstance * instances;
                    Set<String> ids = new HashSet<>();
                    long start = System.nanoTime();
                    Kafkas.produceRoundRobin(bootstrap, topics.agent(AGENT), PARTITIONS, tasks, ids);
                    if (instances == 1) {
                        Thread.sleep(perInstance * TASK_MILLIS / CONCURRENCY / 2);
                        rss = rssMb(started.get(0).pid());
                    }
                    throughput.put(instances, Kafkas.rate(ids, done, start));
                }
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
