package dev.switchboard.bench;

import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;

/**
 * The scaling method (scenario 3) for one process count: start agent processes of a sleeping bench agent, wait until
 * they all take tasks, warm them up with {@value #WARMUP_TASKS_PER_INSTANCE} tasks each, then drain a backlog produced
 * round-robin over the task topic's partitions; tasks/s = tasks ÷ (last result − first produce).
 */
final class AgentDrain {
    static final int CONCURRENCY = 4;
    static final long TASK_MILLIS = 200;
    /**
     * The agent processes' heap cap. G1 grows the heap to its cap before it collects much, so the cap sets the resident
     * size: 256m gave 246-255 MB RSS, 128m gives ~160 MB at the same throughput for this agent.
     */
    static final String AGENT_HEAP = "-Xmx128m";
    private static final int WARMUP_TASKS_PER_INSTANCE = 40;

    /** Blocks until {@code instances} processes of {@code agent} take tasks. */
    interface Ready {
        void await(String bootstrap, String agent, int instances) throws Exception;
    }

    /** @param rssMb the first process's resident memory while it drains (NaN unless asked for) */
    record Drained(double tasksPerSecond, double rssMb) {
    }

    private final String bootstrap;
    private final Path jar;
    private final Path dir;
    private final Path topicsFile;
    private final TopicCatalogue topics;
    private final String agent;
    private final int partitions;
    private final Map<String, String> env;

    /** Writes and provisions a topics.yaml with {@code agent} on {@code partitions}; {@code env}: extra settings of every process. */
    AgentDrain(String bootstrap, Path jar, String agent, int partitions, Map<String, String> env) throws Exception {
        this.bootstrap = bootstrap;
        this.jar = jar;
        this.agent = agent;
        this.partitions = partitions;
        this.dir = Files.createTempDirectory("bench-" + agent);
        this.topicsFile = AgentProcesses.writeTopicsFile(dir, partitions, agent);
        this.topics = TopicCatalogue.load(topicsFile);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            new TopicProvisioner(admin).apply(topics);
        }
        Map<String, String> all = new HashMap<>(Map.of("SWITCHBOARD_BOOTSTRAP_SERVERS", bootstrap,
                "SWITCHBOARD_TOPICS_FILE", topicsFile.toString(), "SWITCHBOARD_AGENT_CONCURRENCY", Integer.toString(CONCURRENCY)));
        all.putAll(env);
        this.env = Map.copyOf(all);
    }

    /** Starts {@code instances} processes, drains {@code perInstance} tasks each after the warm-up, stops the processes. */
    Drained run(int instances, int perInstance, Ready ready, boolean sampleRss) throws Exception {
        try (AgentProcesses processes = new AgentProcesses(jar, AGENT_HEAP, dir, env)) {
            List<Process> started = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                started.add(processes.start(agent + "-" + instances + "-" + i, agent, Long.toString(TASK_MILLIS)));
            }
            ready.await(bootstrap, agent, instances);
            Map<String, Long> done = Kafkas.newSeen();
            try (Kafkas.Watcher watcher = new Kafkas.Watcher(bootstrap, topics.results().name(), done::putIfAbsent)) {
                // warm-up: fresh JVMs compile their hot code for the first seconds; every process count gets the same
                Set<String> warmup = new HashSet<>();
                Kafkas.produceRoundRobin(bootstrap, topics.agent(agent), partitions, WARMUP_TASKS_PER_INSTANCE * instances, warmup);
                Kafkas.await(warmup, done, Duration.ofMinutes(2));
                Set<String> ids = new HashSet<>();
                long start = System.nanoTime();
                Kafkas.produceRoundRobin(bootstrap, topics.agent(agent), partitions, perInstance * instances, ids);
                double rss = Double.NaN;
                if (sampleRss) {
                    Thread.sleep(perInstance * TASK_MILLIS / CONCURRENCY / 2);
                    rss = ScalingScenario.rssMb(started.get(0).pid());
                }
                return new Drained(Kafkas.rate(ids, done, start), rss);
            }
        }
    }
}
