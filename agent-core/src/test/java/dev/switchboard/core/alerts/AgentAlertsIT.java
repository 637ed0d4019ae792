package dev.switchboard.core.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.ErrorType;
import dev.switchboard.contracts.message.Ids;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.topic.AgentTopics;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.core.NonRetriableTaskException;
import dev.switchboard.core.config.WorkerConfig;
import dev.switchboard.core.runtime.AgentWorker;
import dev.switchboard.core.testagents.Echo;
import dev.switchboard.core.testagents.ScriptedAgent;
import dev.switchboard.observability.management.ReadinessChecks;
import dev.switchboard.observability.management.ManagementServer;
import dev.switchboard.observability.management.MeterRegistries;
import dev.switchboard.testkit.KafkaTest;
import dev.switchboard.testkit.TestKafka;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/prometheus/alerts.yml} is valid, and each of its rules fires on what a real agent worker exports over
 * its management port when it is provoked (dead letters, failed attempts, a backlog, a task stuck for an hour), and
 * none fires on a healthy agent's scrape. The scraped values become a promtool unit test: gauges held (an age grows
 * a minute per minute), counters growing by the scraped count every minute, which is what a sustained fault looks like.
 */
@KafkaTest
class AgentAlertsIT {
    private static final Path ALERTS = Path.of("..", "deploy", "prometheus", "alerts.yml").toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final int DEAD_LETTERS = 5;
    private static final int BACKLOG = 120;
    private static final String LAG = "switchboard_agent_lag_records";
    private static final String AGE = "switchboard_agent_oldest_task_age_seconds";
    private static final List<String> GAUGES = List.of(LAG, AGE);
    private static final List<String> COUNTERS = List.of("switchboard_agent_task_attempts_total",
            "switchboard_agent_task_failures_total", "switchboard_agent_dead_letters_total");

    private final TestKafka kafka;
    private final KafkaProducer<String, byte[]> producer;
    private final PrometheusMeterRegistry registry = MeterRegistries.prometheus();
    private final ManagementServer management = ManagementServer.start("127.0.0.1", 0, registry, new ReadinessChecks());
    private final HttpClient http = HttpClient.newHttpClient();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    AgentAlertsIT(TestKafka kafka) {
        this.kafka = kafka;
        this.producer = new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void closeAll() throws Exception {
        release.countDown();
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        producer.close();
        management.close();
    }

    @Test
    void shouldPassPromtoolCheckRules() throws Exception {
        Promtool.Outcome check = Promtool.run(ALERTS.getParent(), "check", "rules", ALERTS.toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: 6 rules found");
    }

    @Test
    void shouldFireEveryAlertOnAFailingBackloggedAgentsScrapeAndNoneOnAHealthyOnes(@TempDir Path dir) throws Exception {
        // Given an agent that dead-letters some tasks, then hangs on a task enqueued an hour ago with a backlog behind it
        String failing = "failing-" + UUID.randomUUID().toString().substring(0, 8);
        AgentTopics failingTopics = start(new ScriptedAgent(failing, (task, ctx) -> {
            if (task.text().startsWith("bad")) {
                throw new NonRetriableTaskException(ErrorType.INVALID_INPUT, "scripted: not a document this agent reads");
            }
            release.await(); // the stuck task
            return new Echo(task.text(), task.attempt());
        }));
        for (int i = 0; i < DEAD_LETTERS; i++) {
            submit(failingTopics, "bad " + i, Instant.now());
        }
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
        for (int i = 0; i <= BACKLOG; i++) {
            submit(failingTopics, "stuck " + i, anHourAgo);
        }
        // and a healthy agent that did its tasks
        String healthy = "healthy-" + UUID.randomUUID().toString().substring(0, 8);
        AgentTopics healthyTopics = start(ScriptedAgent.echo(healthy));
        for (int i = 0; i < 3; i++) {
            submit(healthyTopics, "fine " + i, Instant.now());
        }

        // When the process's management port is scraped once both have settled
        Scrape scrape = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> Scrape.parse(get("/metrics")), s -> s.sum("switchboard_agent_dead_letters_total", failing) == DEAD_LETTERS
                        && s.sum(LAG, failing) >= BACKLOG && s.sum(AGE, failing) > 3000
                        && s.sum("switchboard_agent_task_attempts_total", healthy) == 3 && s.sum(LAG, healthy) == 0);
        assertThat(scrape.sum(AGE, healthy)).isZero();
        assertThat(scrape.sum("switchboard_agent_task_failures_total", failing)).isEqualTo(DEAD_LETTERS);

        // Then promtool, fed that scrape, fires each agent rule for the failing agent and none for the healthy one, and
        // no scrape rule; fed no agent series and a target that does not answer, it fires the scrape rules
        Path test = dir.resolve("alerts-test.yml");
        Files.writeString(test, YAML.writeValueAsString(unitTest(scrape, List.of(failing, healthy), failing)));
        Promtool.Outcome outcome = Promtool.run(dir, "test", "rules", test.toString());
        assertThat(outcome.exitCode()).as(outcome.output() + "\n" + Files.readString(test)).isZero();
        assertThat(outcome.output()).contains("SUCCESS");
    }

    /** A promtool rule test: the agents' scraped series as input, and every rule of alerts.yml firing for {@code firing} only. */
    private static Map<String, Object> unitTest(Scrape scrape, List<String> agents, String firing) throws Exception {
        List<Map<String, Object>> series = new ArrayList<>();
        for (String agent : agents) {
            GAUGES.forEach(name -> scrape.of(name, agent).forEach(s -> series.add(Map.of("series", s.series(),
                    "values", name.equals(AGE) ? number(s.value()) + "+60x30" : number(s.value()) + "x30"))));
            COUNTERS.forEach(name -> scrape.of(name, agent).forEach(s -> series.add(Map.of("series", s.series(),
                    "values", "0+" + number(s.value()) + "x30"))));
        }
        List<Map<String, Object>> alertTests = new ArrayList<>();
        for (JsonNode rule : YAML.readTree(ALERTS.toFile()).path("groups").path(0).path("rules")) {
            Map<String, String> labels = new LinkedHashMap<>();
            rule.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            labels.put("agent", firing);
            Map<String, String> annotations = new LinkedHashMap<>();
            rule.path("annotations").fields().forEachRemaining(e ->
                    annotations.put(e.getKey(), e.getValue().asText().replace("{{ $labels.agent }}", firing)));
            alertTests.add(Map.of("eval_time", "15m", "alertname", rule.path("alert").asText(),
                    "exp_alerts", List.of(Map.of("exp_labels", labels, "exp_annotations", annotations))));
        }
        assertThat(alertTests).hasSize(4);
        JsonNode scrapeRules = YAML.readTree(ALERTS.toFile()).path("groups").path(1).path("rules");
        scrapeRules.forEach(rule -> alertTests.add(Map.of("eval_time", "15m", "alertname", rule.path("alert").asText(),
                "exp_alerts", List.of())));
        return Map.of("rule_files", List.of(ALERTS.toString()), "evaluation_interval", "1m",
                "tests", List.of(Map.of("interval", "1m", "input_series", series, "alert_rule_test", alertTests),
                        nothingScraped(scrapeRules)));
    }

    /** A promtool test case with no agent series and one Switchboard target down: both scrape rules fire. */
    private static Map<String, Object> nothingScraped(JsonNode scrapeRules) {
        assertThat(scrapeRules).hasSize(2);
        Map<String, String> target = Map.of("job", "switchboard-agents", "instance", "agent-1:9464");
        List<Map<String, Object>> alertTests = new ArrayList<>();
        for (JsonNode rule : scrapeRules) {
            Map<String, String> labels = new LinkedHashMap<>();
            rule.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            if (rule.path("expr").asText().startsWith("up")) {
                labels.putAll(target);
            }
            Map<String, String> annotations = new LinkedHashMap<>();
            rule.path("annotations").fields().forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()
                    .replace("{{ $labels.job }}", target.get("job")).replace("{{ $labels.instance }}", target.get("instance"))));
            alertTests.add(Map.of("eval_time", "20m", "alertname", rule.path("alert").asText(),
                    "exp_alerts", List.of(Map.of("exp_labels", labels, "exp_annotations", annotations))));
        }
        return Map.of("interval", "1m", "alert_rule_test", alertTests,
                "input_series", List.of(Map.of("series", "up{job=\"switchboard-agents\",instance=\"agent-1:9464\"}", "values", "0x30")));
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private AgentTopics start(ScriptedAgent agent) {
        TopicCatalogue catalogue = TopicCatalogue.bundled().withAgent(agent.name(), List.of("1s"), 2);
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            new TopicProvisioner(admin).apply(catalogue);
        }
        AgentWorker worker = AgentWorker.builder(agent).kafka(KafkaSettings.of(kafka.bootstrapServers())).topics(catalogue)
                .worker(WorkerConfig.custom().concurrency(1).drainTimeout(Duration.ofSeconds(3)).build())
                .meterRegistry(registry).build().start();
        toClose.add(worker);
        return catalogue.agent(agent.name());
    }

    /** One task, on one partition for each agent (the key), with its record timestamp set to when it was enqueued. */
    private void submit(AgentTopics topics, String text, Instant enqueued) throws Exception {
        Task task = Task.create(Ids.newId(), topics.agent(), Document.ofText(text), null, Instant.now(), Instant.now().plusSeconds(300));
        producer.send(new ProducerRecord<>(topics.tasks().name(), null, enqueued.toEpochMilli(), topics.agent(),
                topics.tasks().valueSerde().serializer().serialize(topics.tasks().name(), task))).get(10, TimeUnit.SECONDS);
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
