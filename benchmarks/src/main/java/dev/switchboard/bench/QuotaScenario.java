package dev.switchboard.bench;

import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.fakes.ScriptedOpenAiServer;
import dev.switchboard.fakes.ScriptedOpenAiServer.Reply;
import dev.switchboard.testkit.AgentGroups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * Scenario 5: agent processes on one provider account of {@link #RATE} requests/s, against a scripted server that
 * refuses (429) every request over that rate. Two agent types: a busy one, whose tasks each call the model once, and an
 * idle one with no tasks. The same processes grow 1 → 2 → 4 ({@link #SPLITS}: 1 busy; 1 busy + 1 idle; 2 busy + 2
 * idle), each process count then drains a backlog of the busy type. Every process is told the account's limit
 * ({@code SWITCHBOARD_LLM_RATE_LIMIT=R}) and the same base URL. {@code cluster_llm_utilization} = accepted requests/s
 * ÷ R while the backlog lasts; over-limit = the server's refusals.
 */
final class QuotaScenario {
    static final int RATE = 20;
    static final String BUSY = "quota-busy";
    static final String IDLE = "quota-idle";
    /** Tasks in flight per process: enough to send R on its own at the server's 100-200 ms latency. */
    static final int CONCURRENCY = 8;
    /** Left out of the utilization window after a backlog's first model call: the processes agree on shares as demand appears. */
    static final Duration NEGOTIATION = Duration.ofSeconds(3);
    /** How the process count splits between the types: with 2, the idle process's share should go to the busy one. */
    static final List<Split> SPLITS = List.of(new Split(1, 0), new Split(1, 1), new Split(2, 2));
    private static final int PARTITIONS = 12;

    record Split(int busy, int idle) {
        int processes() {
            return busy + idle;
        }
    }

    /**
     * @param tasks the busy type's backlog
     * @param done tasks with a result when the run ended
     * @param paidCalls requests the server accepted (and so answered, and a provider would bill)
     * @param overLimit requests the server refused for going over R
     * @param overLimitAfterNegotiation those of them that came {@link #NEGOTIATION} or later after the first model call
     * @param utilizationFromFirstCall the same without leaving out the {@link #NEGOTIATION} (what share negotiation costs)
     * @param startSeconds from starting this count's new processes to all of them holding task partitions
     * @param drainSeconds from producing the backlog to its last result
     */
    record Run(int processes, int busy, int idle, int tasks, int done, long paidCalls, long overLimit, long overLimitAfterNegotiation,
               double achievedPerSecond,
               double utilization, double utilizationFromFirstCall, double startSeconds, double drainSeconds) {
    }

    record Result(List<Run> runs) {
        double worstUtilization() {
            return runs.stream().mapToDouble(Run::utilization).min().orElse(Double.NaN);
        }

        long totalOverLimit() {
            return runs.stream().mapToLong(Run::overLimit).sum();
        }
    }

    static Result run(String bootstrap, Path jar, boolean quick) throws Exception {
        Path dir = Files.createTempDirectory("bench-quota");
        Path topicsFile = AgentProcesses.writeTopicsFile(dir, PARTITIONS, BUSY, IDLE);
        TopicCatalogue topics = TopicCatalogue.load(topicsFile);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            new TopicProvisioner(admin).apply(topics);
        }
        int tasks = RATE * (quick ? 10 : 40);
        try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start().refuseOverRate(RATE);
             AgentProcesses agents = new AgentProcesses(jar, ScalingScenario.AGENT_HEAP, dir, Map.of(
                     "SWITCHBOARD_BOOTSTRAP_SERVERS", bootstrap, "SWITCHBOARD_TOPICS_FILE", topicsFile.toString(),
                     "SWITCHBOARD_AGENT_CONCURRENCY", Integer.toString(CONCURRENCY), "SWITCHBOARD_LLM_PROVIDER", "openai",
                     "SWITCHBOARD_LLM_BASE_URL", server.baseUrl(), "SWITCHBOARD_LLM_MODEL", "bench",
                     "SWITCHBOARD_LLM_RATE_LIMIT", Integer.toString(RATE), "SWITCHBOARD_LLM_TOKENS_PER_MINUTE", "0"))) {
            server.otherwise(r -> Reply.content("ok").withDelay(Duration.ofMillis(100 + ThreadLocalRandom.current().nextInt(101))));
            List<Run> runs = new ArrayList<>();
            Split running = new Split(0, 0);
            for (Split split : SPLITS) {
                long began = System.nanoTime();
                for (int i = running.busy(); i < split.busy(); i++) {
                    agents.start("quota-busy-" + i, BUSY, "0", BenchAgentMain.LLM);
                }
                for (int i = running.idle(); i < split.idle(); i++) {
                    agents.start("quota-idle-" + i, IDLE, "0", BenchAgentMain.LLM);
                }
                running = split;
                AgentGroups.awaitMembersWithTaskPartitions(bootstrap, List.of(BUSY), split.busy(), Duration.ofSeconds(90));
                if (split.idle() > 0) {
                    AgentGroups.awaitMembersWithTaskPartitions(bootstrap, List.of(IDLE), split.idle(), Duration.ofSeconds(90));
                }
                runs.add(drain(bootstrap, topics, server, split, tasks, (System.nanoTime() - began) / 1e9));
            }
            return new Result(runs);
        }
    }

    /** Produces a backlog for the busy type and waits for its results; counts what reached the server meanwhile. */
    private static Run drain(String bootstrap, TopicCatalogue topics, ScriptedOpenAiServer server, Split split, int tasks,
            double startSeconds) throws Exception {
        long acceptedBefore = server.acceptedCount();
        long refusedBefore = server.refusedCount();
        Map<String, Long> done = Kafkas.newSeen();
        Set<String> ids = new HashSet<>();
        long produced = System.nanoTime();
        try (Kafkas.Watcher watcher = new Kafkas.Watcher(bootstrap, topics.results().name(), done::putIfAbsent)) {
            Kafkas.produceRoundRobin(bootstrap, topics.agent(BUSY), PARTITIONS, tasks, ids);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2L * tasks / RATE + 15);
            while (!done.keySet().containsAll(ids) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        double drainSeconds = (System.nanoTime() - produced) / 1e9;
        List<ScriptedOpenAiServer.Request> arrivals = server.requests().stream().filter(r -> r.arrivalNanos() >= produced).toList();
        List<Long> accepted = arrivals.stream().filter(r -> !r.refused()).map(ScriptedOpenAiServer.Request::arrivalNanos).sorted().toList();
        long settled = accepted.isEmpty() ? Long.MAX_VALUE : accepted.get(0) + NEGOTIATION.toNanos();
        long refusedLater = arrivals.stream().filter(r -> r.refused() && r.arrivalNanos() >= settled).count();
        double achieved = Stats.sustainedRate(backlogWindow(accepted, tasks - split.busy() * CONCURRENCY), RATE);
        List<Long> wholeBacklog = accepted.subList(0, Math.max(0, Math.min(accepted.size(), tasks - split.busy() * CONCURRENCY)));
        double fromFirstCall = Stats.sustainedRate(wholeBacklog, RATE) / RATE;
        return new Run(split.processes(), split.busy(), split.idle(), tasks, (int) ids.stream().filter(done::containsKey).count(),
                server.acceptedCount() - acceptedBefore, server.refusedCount() - refusedBefore, refusedLater, achieved, achieved / RATE,
                fromFirstCall, startSeconds, drainSeconds);
    }

    /**
     * The accepted arrivals while work is queued: from {@link #NEGOTIATION} after the first to the one that took the
     * {@code lastQueued}-th task (after it every remaining task is already in a process, at most CONCURRENCY per busy
     * process, so nothing is left queued).
     */
    static List<Long> backlogWindow(List<Long> accepted, int lastQueued) {
        if (accepted.isEmpty()) {
            return List.of();
        }
        long from = accepted.get(0) + NEGOTIATION.toNanos();
        List<Long> queued = accepted.subList(0, Math.max(0, Math.min(accepted.size(), lastQueued)));
        return queued.stream().filter(t -> t >= from).toList();
    }
}
