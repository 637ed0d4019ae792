package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.kafka.embedded.EmbeddedKafkaCluster;
import dev.switchboard.testkit.AgentGroups;
import dev.switchboard.fakes.ScriptedOpenAiServer;
import dev.switchboard.fakes.ScriptedOpenAiServer.Reply;
import dev.switchboard.testkit.TestKafka;
import dev.switchboard.testkit.TopicProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent process frozen with SIGSTOP past its session timeout, then resumed with SIGCONT: its
 * partitions move to the other instance, jobs keep completing, and whatever stale results the
 * frozen one publishes after waking change no report (one report per job).
 */
class FrozenAgentIT {

    @Test
    void shouldMoveAFrozenInstancesWorkAndIgnoreItsStaleResults(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().build().start();
             ScriptedOpenAiServer llm = ScriptedOpenAiServer.start();
             Processes p = new Processes(dir)) {
            llm.otherwise(r -> Reply.content("{\"label\":\"positive\",\"score\":0.5,\"confidence\":0.7}").withDelay(Duration.ofMillis(1500)));
            int apiPort = Processes.freePort();
            Map<String, String> env = Map.of(
                    "SWITCHBOARD_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "SWITCHBOARD_LLM_PROVIDER", "openai",
                    "SWITCHBOARD_LLM_BASE_URL", llm.baseUrl(),
                    "SWITCHBOARD_LLM_RATE_LIMIT", "100",
                    "SWITCHBOARD_AGGREGATOR_STATE_DIR", dir.resolve("streams").toString());
            p.start("orchestrator", env, "orchestrator", "--port", Integer.toString(apiPort));
            p.start("aggregator", env, "aggregator");
            p.start("sentiment-1", env, "agent", "sentiment");
            p.start("sentiment-2", env, "agent", "sentiment");
            p.awaitLine("orchestrator", "Orchestrator is up", Duration.ofSeconds(90));
            p.awaitLine("aggregator", "Aggregator is up", Duration.ofSeconds(90));
            AgentGroups.awaitMembersWithTaskPartitions(kafka.bootstrapServers(), List.of("sentiment"), 2, Duration.ofSeconds(90));

            ApiClient api = new ApiClient("http://127.0.0.1:" + apiPort, null);
            List<String> jobs = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                jobs.add(api.submit("Before the freeze " + i, List.of("sentiment")));
            }
            // both instances hold tasks in flight (each model call takes 1.5 s) before one is frozen
            await().atMost(Duration.ofSeconds(30)).until(() -> llm.requestCount() >= 4);
            p.signal("sentiment-1", "STOP");
            for (int i = 0; i < 12; i++) {
                jobs.add(api.submit("During the freeze " + i, List.of("sentiment")));
            }
            for (String job : jobs) {
                assertThat(api.awaitReport(job, Duration.ofSeconds(90))).as("report of " + job + " while one instance is frozen")
                        .get().extracting(Report::status).isEqualTo(Report.Status.COMPLETED);
            }
            p.signal("sentiment-1", "CONT");
            // the woken instance was fenced while frozen: it publishes what it held, then rejoins the group, or, when
            // it could not write its outputs, its worker stops and the process exits (a supervisor would restart it)
            await().atMost(Duration.ofSeconds(90)).until(() -> p.exited("sentiment-1")
                    || AgentGroups.haveMembersWithTaskPartitions(kafka.bootstrapServers(), List.of("sentiment"), 2));

            TestKafka cluster = TestKafka.of(kafka.bootstrapServers(), "frozen-agent cluster");
            try (TopicProbe reports = new TopicProbe(cluster, "switchboard.reports");
                 TopicProbe results = new TopicProbe(cluster, "switchboard.results")) {
                List<ConsumerRecord<String, byte[]>> answered = results.settle(r -> jobs.contains(r.key()), Duration.ofSeconds(3));
                List<ConsumerRecord<String, byte[]>> all = reports.settle(r -> jobs.contains(r.key()), Duration.ofSeconds(3));
                Map<String, Integer> perJob = new HashMap<>();
                all.forEach(r -> perJob.merge(r.key(), 1, Integer::sum));
                assertThat(perJob).hasSize(jobs.size());
                assertThat(perJob.values()).as("one report per job, stale duplicates ignored").allMatch(n -> n == 1);
                Map<String, Integer> perTask = new HashMap<>();
                answered.forEach(r ->
                        perTask.merge(Json.fromBytes(r.value(), AgentResult.class).taskId().toString(), 1, Integer::sum));
                System.out.printf("frozen agent: %d jobs, %d tasks answered more than once%n", jobs.size(),
                        perTask.values().stream().filter(n -> n > 1).count());
            }
        }
    }

}
