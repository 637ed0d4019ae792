package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.message.Report;
import dev.switchboard.testkit.AgentGroups;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production layout on one machine: {@code kafka}, {@code orchestrator}, {@code aggregator}
 * and two {@code agent} processes per type. Jobs complete, and both instances of each agent type
 * did work (they share the task topic as one consumer group).
 */
class SeparateProcessesIT {
    private static final Pattern HANDLED = Pattern.compile("Agent (\\w+) stopped \\(instance [^,]+, (\\d+) task\\(s\\) handled\\)");

    @Test
    void shouldCompleteJobsWithTheWorkSharedByTwoInstancesPerAgent(@TempDir Path logs) throws Exception {
        int apiPort = Processes.freePort();
        try (Processes p = new Processes(logs)) {
            p.start("kafka", Map.of(), "kafka", "--port", "0");
            String bootstrap = p.awaitLine("kafka", "Kafka is up at", Duration.ofSeconds(60)).replaceAll(".*Kafka is up at ", "").trim();
            Map<String, String> env = Map.of("SWITCHBOARD_BOOTSTRAP_SERVERS", bootstrap, "SWITCHBOARD_KAFKA_SESSION_TIMEOUT_MS", "10000");
            p.start("orchestrator", env, "orchestrator", "--port", Integer.toString(apiPort));
            Map<String, Integer> managementPorts = new LinkedHashMap<>();
            managementPorts.put("aggregator", Processes.freePort());
            p.start("aggregator", withManagementPort(env, managementPorts.get("aggregator")), "aggregator");
            List<String> agentLogs = new ArrayList<>();
            for (String agent : List.of("sentiment", "entities", "summary", "synthesis")) {
                for (int i = 1; i <= 2; i++) {
                    String name = agent + "-" + i;
                    managementPorts.put(name, Processes.freePort());
                    p.start(name, withManagementPort(env, managementPorts.get(name)), "agent", agent);
                    agentLogs.add(name);
                }
            }
            p.awaitLine("orchestrator", "Orchestrator is up", Duration.ofSeconds(90));
            p.awaitLine("aggregator", "Aggregator is up", Duration.ofSeconds(90));
            for (String name : agentLogs) {
                p.awaitLine(name, "is up", Duration.ofSeconds(90));
            }

            AgentGroups.awaitMembersWithTaskPartitions(bootstrap, List.of("sentiment", "entities", "summary", "synthesis"), 2,
                    Duration.ofSeconds(90));

            ApiClient api = new ApiClient("http://127.0.0.1:" + apiPort, null);
            List<String> jobs = new ArrayList<>();
            String text = Files.readString(Path.of("..", "samples", "news-article.txt"), StandardCharsets.UTF_8);
            for (int i = 0; i < 16; i++) {
                jobs.add(api.submit(text + " Edition " + i + ".", null));
            }
            for (String job : jobs) {
                Report report = api.awaitReport(job, Duration.ofSeconds(120)).orElseThrow(() -> new AssertionError("no report for " + job));
                assertThat(report.status()).isEqualTo(Report.Status.COMPLETED);
            }

            // every process is observable on its own management port: the four signals per agent, Kafka Streams' metrics
            for (String name : agentLogs) {
                String agent = name.substring(0, name.lastIndexOf('-'));
                assertThat(get(managementPorts.get(name), "/health/ready").statusCode()).as(name + " ready").isEqualTo(200);
                assertThat(get(managementPorts.get(name), "/metrics").body()).as(name + " metrics")
                        .contains("switchboard_agent_lag_records{agent=\"" + agent + "\",")
                        .contains("switchboard_agent_oldest_task_age_seconds{agent=\"" + agent + "\",")
                        .contains("switchboard_agent_task_failures_total{agent=\"" + agent + "\"}")
                        .contains("switchboard_agent_dead_letters_total{agent=\"" + agent + "\",")
                        .contains("kafka_consumer_").contains("jvm_memory_used_bytes");
            }
            assertThat(get(managementPorts.get("aggregator"), "/health/ready").statusCode()).isEqualTo(200);
            assertThat(get(managementPorts.get("aggregator"), "/metrics").body()).contains("kafka_stream_")
                    .contains("jvm_memory_used_bytes");

            for (String name : agentLogs) {
                p.stopAndWait(name);
                Matcher m = HANDLED.matcher(p.log(name));
                assertThat(m.find()).as(name + " reported its work:\n" + p.log(name)).isTrue();
                assertThat(Integer.parseInt(m.group(2))).as(name + " handled tasks").isPositive();
            }
        }
    }

    private static Map<String, String> withManagementPort(Map<String, String> env, int port) {
        Map<String, String> with = new HashMap<>(env);
        with.put("SWITCHBOARD_MANAGEMENT_PORT", Integer.toString(port));
        return with;
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
