package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.kafka.embedded.EmbeddedKafkaCluster;
import dev.switchboard.testkit.TestKafka;
import dev.switchboard.testkit.TopicProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Short chaos run: jobs submitted continuously to services running as separate processes on a
 * 3-broker embedded cluster (replication 3, min ISR 2); agents killed with SIGKILL and restarted,
 * the aggregator killed once, the orchestrator killed once mid-load and restarted with the same
 * instance id, one broker stopped for a while. Every accepted job gets exactly one report, and no
 * transaction stays open longer than the transaction timeout (a transaction left open blocks every
 * {@code read_committed} reader of its partitions). Longer: {@code -Dswitchboard.chaos.seconds=600}.
 */
class ChaosIT {
    private static final List<String> AGENTS = List.of("sentiment", "entities", "summary", "synthesis");
    private static final Duration FAULT_INTERVAL = Duration.ofSeconds(6);
    /** The orchestrator's fan-out and Kafka Streams' exactly-once producers both use 10 s. */
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(10);

    @Test
    void shouldGiveEveryJobExactlyOneReportThroughKillsAndABrokerOutage() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "chaos-" + System.currentTimeMillis()).toAbsolutePath()); // logs kept for a post-mortem
        int seconds = Integer.getInteger("switchboard.chaos.seconds", 24);
        Random random = new Random(7);
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().brokers(3)
                .brokerProperty("default.replication.factor", "3")
                // the coordinator looks for timed-out transactions every 10 s by default; every second here, so an
                // open transaction is measured against the timeout itself, not the timeout plus the check interval
                .brokerProperty("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000").build().start();
             Processes p = new Processes(dir);
             OpenTransactions transactions = OpenTransactions.watch(kafka.bootstrapServers())) {
            Path topicsFile = dir.resolve("topics.yaml");
            Files.writeString(topicsFile, Files.readString(Path.of("..", "topics.yaml"))
                    .replace("replicationFactor: 1", "replicationFactor: 3")
                    .replace("agentDefaults:", "agentDefaults:\n  configs:\n    min.insync.replicas: \"2\""));
            int apiPort = Processes.freePort();
            Map<String, String> env = Map.of(
                    "SWITCHBOARD_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "SWITCHBOARD_TOPICS_FILE", topicsFile.toString(),
                    "SWITCHBOARD_KAFKA_SESSION_TIMEOUT_MS", "10000",
                    "SWITCHBOARD_ORCHESTRATOR_INSTANCE_ID", "chaos-orchestrator",
                    "SWITCHBOARD_AGGREGATOR_STATE_DIR", dir.resolve("streams").toString());
            p.start("topics", env, "topics", "apply").waitFor();
            p.start("orchestrator-0", env, "orchestrator", "--port", Integer.toString(apiPort));
            p.start("aggregator-0", env, "aggregator");
            Map<String, Integer> generation = new HashMap<>();
            for (String agent : AGENTS) {
                p.start(agent + "-0", env, "agent", agent);
                generation.put(agent, 0);
            }
            p.awaitLine("orchestrator-0", "Orchestrator is up", Duration.ofSeconds(90));
            p.awaitLine("aggregator-0", "Aggregator is up", Duration.ofSeconds(90));

            ApiClient api = new ApiClient("http://127.0.0.1:" + apiPort, null);
            Set<String> jobs = ConcurrentHashMap.newKeySet();
            ScheduledExecutorService submitter = Executors.newSingleThreadScheduledExecutor();
            submitter.scheduleWithFixedDelay(() -> {
                try {
                    jobs.add(api.submit("Chaos document " + jobs.size() + ": Acme Corp in Berlin reported strong growth.", null));
                } catch (Exception e) {
                    // a 503 while a broker is down, or a refused connection while the orchestrator restarts, is an
                    // honest answer: the client was not told the job was taken
                }
            }, 0, 300, TimeUnit.MILLISECONDS);

            TestKafka cluster = TestKafka.of(kafka.bootstrapServers(), "chaos cluster");
            try (TopicProbe reports = new TopicProbe(cluster, "switchboard.reports");
                 TopicProbe results = new TopicProbe(cluster, "switchboard.results")) {
                long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
                int kills = 0;
                boolean aggregatorKilled = false;
                boolean brokerStopped = false;
                boolean orchestratorKilled = false;
                // at least until every fault has happened once: kills 1, 2 and 3 bring the orchestrator, aggregator and broker faults
                while (System.nanoTime() < end || !(aggregatorKilled && brokerStopped && orchestratorKilled)) {
                    awaitProgress(reports, jobs); // each fault only once jobs are being reported again
                    String agent = AGENTS.get(random.nextInt(AGENTS.size()));
                    int gen = generation.get(agent);
                    p.kill(agent + "-" + gen);
                    p.start(agent + "-" + (gen + 1), env, "agent", agent);
                    generation.put(agent, gen + 1);
                    kills++;
                    if (!aggregatorKilled && kills == 2) {
                        p.kill("aggregator-0");
                        p.start("aggregator-1", env, "aggregator");
                        aggregatorKilled = true;
                    }
                    if (!orchestratorKilled && kills == 1) {
                        p.kill("orchestrator-0"); // mid-load: the submitter sends a job every 300 ms
                        p.start("orchestrator-1", env, "orchestrator", "--port", Integer.toString(apiPort));
                        p.awaitLine("orchestrator-1", "Orchestrator is up", Duration.ofSeconds(90));
                        orchestratorKilled = true;
                    }
                    if (!brokerStopped && kills == 3) {
                        kafka.stopBroker(3);
                        awaitProgress(reports, jobs); // the outage lasts while jobs complete on two brokers
                        kafka.restartBroker(3);
                        brokerStopped = true;
                    }
                }
                submitter.shutdown();
                assertThat(submitter.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

                reports.awaitMatching(r -> jobs.contains(r.key()), jobs.size(), Duration.ofSeconds(180));
                List<ConsumerRecord<String, byte[]>> all = reports.settle(r -> jobs.contains(r.key()), Duration.ofSeconds(5));
                Map<String, Integer> perJob = new HashMap<>();
                all.forEach(r -> perJob.merge(r.key(), 1, Integer::sum));
                Map<String, Integer> perTask = new HashMap<>();
                results.settle(r -> jobs.contains(r.key()), Duration.ofSeconds(5)).forEach(r ->
                        perTask.merge(Json.fromBytes(r.value(), AgentResult.class).taskId().toString(), 1, Integer::sum));
                long redone = perTask.values().stream().filter(n -> n > 1).count();
                Duration longestOpen = transactions.longestOpen();
                System.out.printf("chaos: %d s, %d jobs, %d agent kills, aggregator killed %s, orchestrator killed %s, "
                                + "broker stopped %s, lost %d, duplicate reports %d, tasks processed more than once %d, "
                                + "longest open transaction %d ms (%s; %d samples)%n",
                        seconds, jobs.size(), kills, aggregatorKilled, orchestratorKilled, brokerStopped,
                        jobs.size() - perJob.size(), perJob.values().stream().filter(n -> n > 1).count(), redone,
                        longestOpen.toMillis(), transactions.longestId(), transactions.samples());
                assertThat(jobs).hasSizeGreaterThan(20);
                assertThat(perJob.keySet()).as("every job has a report").containsExactlyInAnyOrderElementsOf(jobs);
                assertThat(perJob.values()).as("exactly one report per job").allMatch(n -> n == 1);
                assertThat(transactions.samples()).as("open transactions were sampled").isGreaterThan(10);
                assertThat(longestOpen).as("no transaction open longer than the timeout (plus one sampling and one"
                        + " coordinator check interval)").isLessThan(TRANSACTION_TIMEOUT.plusSeconds(3));
            }
        }
    }

    /** At least {@link #FAULT_INTERVAL} passes and 3 more jobs are reported. */
    private static void awaitProgress(TopicProbe reports, Set<String> jobs) {
        int target = reports.awaitMatching(r -> jobs.contains(r.key()), 0, Duration.ZERO).size() + 3;
        await().pollDelay(FAULT_INTERVAL).atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> reports.awaitMatching(r -> jobs.contains(r.key()), target, Duration.ofMillis(500)));
    }
}
