package dev.switchboard.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.config.Secret;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.Budget;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.message.Usage;
import dev.switchboard.contracts.message.Versioned;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.testkit.KafkaTest;
import dev.switchboard.testkit.TestKafka;
import dev.switchboard.testkit.TopicProbe;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Budgets on submitted jobs, and what jobs cost per key and day (/v1/usage) and per agent and model (/metrics): decision 0024. */
@KafkaTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UsageIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String KEY_A = "usage-key-alice-7d20c1";
    private static final String KEY_B = "usage-key-bob-93ae5f10";
    private static final String ADMIN = "usage-admin-key-4be1c8";
    private static final String MODEL = "usage-it-model-" + UUID.randomUUID().toString().substring(0, 8);
    private final TopicCatalogue topics = TopicCatalogue.bundled();
    private TestKafka kafka;
    private Orchestrator orchestrator;
    private PrometheusMeterRegistry registry;
    private TestRecords records;

    @BeforeAll
    void start(TestKafka kafka) {
        this.kafka = kafka;
        TopicProvisioner.provision(KafkaSettings.of(kafka.bootstrapServers()), topics);
        this.records = new TestRecords(kafka, topics);
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.orchestrator = start(registry);
    }

    private Orchestrator start(PrometheusMeterRegistry meters) {
        OrchestratorConfig config = OrchestratorConfig.custom().port(0).defaultBudgetTokens(900)
                .apiKeys(List.of(Secret.of(KEY_A), Secret.of(KEY_B))).adminApiKeys(List.of(Secret.of(ADMIN))).build();
        Orchestrator o = new Orchestrator(config, KafkaSettings.of(kafka.bootstrapServers()), topics, meters, Clock.systemUTC()).start();
        await().atMost(WAIT).until(() -> o.view().caughtUp());
        return o;
    }

    @AfterAll
    void stop() {
        records.close();
        orchestrator.close();
    }

    private Http http(String key) {
        return new Http(orchestrator.port(), key);
    }

    private UUID submit(String key, String json) {
        Http.Response r = http(key).postJson("/v1/jobs", json);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return UUID.fromString(r.json().path("jobId").asText());
    }

    @Test
    void shouldGiveEachTaskAnEvenShareOfTheJobsBudgetOrOfTheDefault() {
        // Given a default budget of 900 tokens, When key A asks for 600 over three agents and key B names no budget
        String agents = "\"agents\":[\"sentiment\",\"entities\",\"summary\"]";
        UUID own = submit(KEY_A, "{\"document\":\"Budgeted.\"," + agents + ",\"budget\":{\"maxTokens\":600}}");
        UUID byDefault = submit(KEY_B, "{\"document\":\"Defaulted.\"," + agents + "}");

        // Then each manifest carries its job's budget and each task a third of it
        assertThat(budgets(topics.jobs().name(), JobManifest.class, JobManifest::budget, own, byDefault))
                .containsExactly(new Budget(600), new Budget(900));
        for (String agent : List.of("sentiment", "entities", "summary")) {
            assertThat(budgets(topics.agent(agent).tasks().name(), Task.class, Task::budget, own, byDefault))
                    .containsExactly(new Budget(200), new Budget(300));
        }
    }

    /** The budgets of the records of these jobs on {@code topic}, in the jobs' order. */
    private <V> List<Budget> budgets(String topic, Class<V> type, java.util.function.Function<V, Budget> budget, UUID... jobs) {
        try (TopicProbe probe = new TopicProbe(kafka, topic)) {
            List<Budget> found = new ArrayList<>();
            for (UUID job : jobs) {
                found.add(budget.apply(Json.fromBytes(probe.awaitMatching(r -> r.key().equals(job.toString()), 1, WAIT).get(0).value(),
                        type)));
            }
            return found;
        }
    }

    @Test
    void shouldTotalUsagePerKeyAndDayAndCountLiveReportsInMetrics() {
        // Given a job of key A (two agents, one answer replayed, one priced) and one of key B, and their reports
        UUID jobA = submit(KEY_A, "{\"document\":\"A's job.\",\"agents\":[\"sentiment\",\"summary\"]}");
        UUID jobB = submit(KEY_B, "{\"document\":\"B's job.\",\"agents\":[\"entities\"]}");
        report(jobA, Map.of("sentiment", new Usage(2, 1, 100, 20, 0.5), "summary", new Usage(1, 0, 50, 10, null)));
        report(jobB, Map.of("entities", new Usage(1, 0, 7, 3, 0.25)));

        // When each key asks for today's usage, Then each sees exactly its own row
        await().atMost(WAIT).until(() -> rows(KEY_B).size() == 1 && rows(KEY_A).size() == 1);
        JsonNode rowA = rows(KEY_A).get(0);
        assertThat(rowA.path("jobs").asLong()).isEqualTo(1);
        assertThat(rowA.path("calls").asLong()).isEqualTo(3);
        assertThat(rowA.path("replayedCalls").asLong()).isEqualTo(1);
        assertThat(rowA.path("inputTokens").asLong()).isEqualTo(150);
        assertThat(rowA.path("outputTokens").asLong()).isEqualTo(30);
        assertThat(rowA.path("estimatedCost").asDouble()).isEqualTo(0.5);
        JsonNode rowB = rows(KEY_B).get(0);
        assertThat(rowB.path("inputTokens").asLong()).isEqualTo(7);
        assertThat(rowB.path("apiKey").asText()).isNotEqualTo(rowA.path("apiKey").asText()).doesNotContain(KEY_B);

        // And the admin key sees both rows
        assertThat(rows(ADMIN)).extracting(r -> r.path("apiKey").asText())
                .contains(rowA.path("apiKey").asText(), rowB.path("apiKey").asText());

        // And /metrics counted the live reports by agent and model
        String metrics = http(ADMIN).get("/metrics").body();
        assertThat(sample(metrics, "switchboard_usage_tokens_total", "sentiment", "direction=\"input\"")).isEqualTo(100);
        assertThat(sample(metrics, "switchboard_usage_tokens_total", "summary", "direction=\"output\"")).isEqualTo(10);
        assertThat(sample(metrics, "switchboard_usage_calls_total", "sentiment", null)).isEqualTo(2);
        assertThat(sample(metrics, "switchboard_usage_replayed_calls_total", "sentiment", null)).isEqualTo(1);
        assertThat(sample(metrics, "switchboard_usage_cost_total", "entities", null)).isEqualTo(0.25);

        // When another instance starts and replays the log
        PrometheusMeterRegistry fresh = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Orchestrator replayed = start(fresh)) {
            // Then its usage totals include the replayed reports, but its metrics do not count them again
            List<JsonNode> all = rows(new Http(replayed.port(), ADMIN));
            assertThat(all).extracting(r -> r.path("apiKey").asText() + "=" + r.path("inputTokens").asLong())
                    .contains(rowA.path("apiKey").asText() + "=150", rowB.path("apiKey").asText() + "=7");
            assertThat(new Http(replayed.port(), ADMIN).get("/metrics").body()).doesNotContain(MODEL);
        }
    }

    private void report(UUID jobId, Map<String, Usage> usage) {
        Map<String, AgentResult> results = new LinkedHashMap<>();
        Instant now = Instant.now();
        usage.forEach((agent, u) -> results.put(agent, AgentResult.ok(Task.create(jobId, agent, Document.ofText("x"), null, now,
                now.plusSeconds(60)), JsonNodeFactory.instance.objectNode(), MODEL, u, now, now)));
        records.write(topics.reports(), jobId.toString(), new Report(Versioned.CURRENT_VERSION, jobId, Report.Status.COMPLETED,
                results, List.of(), List.of(), "Done.", now));
    }

    private List<JsonNode> rows(String key) {
        return rows(http(key));
    }

    private static List<JsonNode> rows(Http http) {
        Http.Response r = http.get("/v1/usage");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> rows = new ArrayList<>();
        r.json().path("usage").forEach(rows::add);
        return rows;
    }

    /** The value of the sample of {@code name} for {@code agent} and this class's model (and {@code label}, if given). */
    private static double sample(String metrics, String name, String agent, String label) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + "{") && line.contains("agent=\"" + agent + "\"") && line.contains("model=\"" + MODEL + "\"")
                    && (label == null || line.contains(label))) {
                Matcher m = Pattern.compile("}\\s+(\\S+)").matcher(line);
                assertThat(m.find()).as(line).isTrue();
                return Double.parseDouble(m.group(1));
            }
        }
        throw new AssertionError("no " + name + " for " + agent + " in\n" + metrics);
    }
}
