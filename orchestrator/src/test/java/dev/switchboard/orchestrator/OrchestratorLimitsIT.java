package dev.switchboard.orchestrator;

import dev.switchboard.contracts.topic.TopicProvisioner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.message.AgentRegistration;
import dev.switchboard.contracts.message.Ids;
import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.message.Versioned;
import dev.switchboard.contracts.topic.Topic;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.orchestrator.jobs.JobIds;
import dev.switchboard.testkit.KafkaTest;
import dev.switchboard.testkit.TestKafka;
import dev.switchboard.testkit.TopicProbe;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Record sizes at the door and hostile-but-valid records on the topics the orchestrator reads, on a real broker. */
@KafkaTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrchestratorLimitsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int MIB = 1024 * 1024;
    private static final Instant YEAR_1E9 = Instant.parse("+1000000000-01-01T00:00:00Z");
    private final TopicCatalogue topics = TopicCatalogue.bundled();
    private TestKafka kafka;
    private Orchestrator orchestrator;
    private Http http;
    private KafkaProducer<String, byte[]> raw;

    @BeforeAll
    void start(TestKafka kafka) {
        this.kafka = kafka;
        TopicProvisioner.provision(KafkaSettings.of(kafka.bootstrapServers()), topics);
        this.orchestrator = new Orchestrator(OrchestratorIT.config().build(), KafkaSettings.of(kafka.bootstrapServers()), topics).start();
        this.http = new Http(orchestrator.port(), null);
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.putAll(topics.producerSizeConfig());
        this.raw = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        await().atMost(WAIT).until(() -> orchestrator.view().caughtUp());
    }

    @AfterAll
    void stop() {
        raw.close();
        orchestrator.close();
    }

    private void write(Topic<String, ?> topic, UUID key, byte[] value) {
        try {
            raw.send(new ProducerRecord<>(topic.name(), key.toString(), value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] withVersion(Object message, int version) {
        ObjectNode tree = (ObjectNode) Json.toTree(message);
        tree.put("version", version);
        return Json.toBytes(tree);
    }

    @Test
    void shouldAcceptAPlainDocumentOfExactlyTheDocumentLimitAndWriteItsTask() {
        // Given plain text of exactly SWITCHBOARD_MAX_DOCUMENT_BYTES
        String text = "word ".repeat(MIB / 5) + "a".repeat(MIB % 5);
        assertThat(text.getBytes(StandardCharsets.UTF_8)).hasSize(MIB);

        // When it is submitted
        Http.Response r = http.post("/v1/jobs", "text/plain", text.getBytes(StandardCharsets.UTF_8));

        // Then it is accepted, and its task is on the topic with the whole document
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String jobId = r.json().path("jobId").asText();
        try (TopicProbe tasks = new TopicProbe(kafka, topics.agent("summary").tasks().name())) {
            Task task = Json.fromBytes(tasks.awaitMatching(rec -> rec.key().equals(jobId), 1, WAIT).get(0).value(), Task.class);
            assertThat(task.document().text()).isEqualTo(text);
        }
    }

    @Test
    void shouldAnswer413ForATaskOverTheRecordLimitBeforeAnythingReachesKafka() {
        // Given 600 KB of control characters: a body under the document limit, a task of 3.6 MB once escaped
        String key = "control-" + UUID.randomUUID();
        UUID jobId = JobIds.newJobId("anonymous", key);

        // When it is submitted
        Http.Response r = http.post("/v1/jobs", "text/plain", "\u0001".repeat(600_000).getBytes(StandardCharsets.UTF_8),
                "Idempotency-Key", key);

        // Then it is refused naming the limit, and nothing of the job is on the jobs topic
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().path("maxBytes").asLong()).isEqualTo(topics.maxValueBytes());
        assertThat(r.json().path("serializedBytes").asLong()).isGreaterThan(topics.maxValueBytes());
        try (TopicProbe jobs = new TopicProbe(kafka, topics.jobs().name())) {
            assertThat(jobs.settle(rec -> rec.key().equals(jobId.toString()), Duration.ofSeconds(2))).isEmpty();
        }
    }

    @Test
    void shouldKeepTheViewUpdatingAndReadyThroughHostileRecords() throws Exception {
        // Given hostile-but-valid records on every topic the orchestrator reads
        Instant now = Instant.now();
        UUID farDeadline = Ids.newId();
        write(topics.jobs(), farDeadline, Json.toBytes(JobManifest.create(farDeadline, List.of("sentiment"), now, YEAR_1E9, null, Map.of())));
        UUID futureVersion = Ids.newId();
        write(topics.jobs(), futureVersion, withVersion(JobManifest.create(futureVersion, List.of("sentiment"), now, now.plusSeconds(60),
                null, Map.of()), 99));
        UUID hugeMetadata = Ids.newId();
        write(topics.jobs(), hugeMetadata, Json.toBytes(JobManifest.create(hugeMetadata, List.of("sentiment"), now, now.plusSeconds(60),
                null, Map.of("blob", "m".repeat(1_900_000)))));
        write(topics.jobs(), Ids.newId(), "{not json".getBytes(StandardCharsets.UTF_8));
        write(topics.events(), farDeadline, Json.toBytes(new JobEvent(Versioned.CURRENT_VERSION, farDeadline, JobEvent.Type.TASK_FAILED,
                "sentiment", null, 1, "e".repeat(1_900_000), YEAR_1E9)));
        write(topics.events(), farDeadline, withVersion(JobEvent.ofJob(farDeadline, JobEvent.Type.TASK_COMPLETED, null, now), 99));
        Report hugeReport = new Report(Versioned.CURRENT_VERSION, farDeadline, Report.Status.COMPLETED, Map.of(), List.of(), List.of(),
                "s".repeat(1_900_000), YEAR_1E9);
        write(topics.reports(), farDeadline, Json.toBytes(hugeReport));
        write(topics.reports(), futureVersion, withVersion(hugeReport, 99));
        write(topics.events(), farDeadline, Json.toBytes(JobEvent.ofJob(farDeadline, JobEvent.Type.REPORT_READY, null, now)));
        UUID agentKey = Ids.newId();
        write(topics.agents(), agentKey, Json.toBytes(new AgentRegistration(Versioned.CURRENT_VERSION, "sentiment", "hostile-1", "x", null, 1,
                AgentRegistration.Status.UP, YEAR_1E9, YEAR_1E9)));
        String nullQuota = Json.toString(new AgentRegistration(Versioned.CURRENT_VERSION, "sentiment", "null-quota-1", "x", null, 1,
                AgentRegistration.Status.UP, now, now, new AgentRegistration.Signals(1, 0, 0, List.of())))
                .replace("\"quota\":[]", "\"quota\":[null]");
        assertThat(nullQuota).contains("\"quota\":[null]");
        write(topics.agents(), Ids.newId(), nullQuota.getBytes(StandardCharsets.UTF_8));

        // When an ordinary job follows them
        Http.Response ordinary = http.postJson("/v1/jobs", "{\"document\":\"An ordinary job.\",\"agents\":[\"sentiment\"]}");
        assertThat(ordinary.status()).isEqualTo(202);
        UUID ordinaryId = UUID.fromString(ordinary.json().path("jobId").asText());
        try (TestRecords records = new TestRecords(kafka, topics)) {
            records.report(ordinaryId, Report.Status.COMPLETED, Map.of());
        }

        // Then the view takes it in (its report, written after every hostile record, arrives) and readiness stays 200
        await().atMost(WAIT).until(() -> http.get("/v1/jobs/" + ordinaryId).json().path("status").asText().equals("COMPLETED"));
        Http.Response ready = http.get("/health/ready");
        assertThat(ready.status()).as(ready.body()).isEqualTo(200);
        // And the hostile values were clamped or skipped, never fatal
        JsonNode far = http.get("/v1/jobs/" + farDeadline).json();
        assertThat(Instant.parse(far.path("deadline").asText())).isBefore(now.plus(Duration.ofDays(2)));
        assertThat(far.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(http.get("/v1/jobs/" + futureVersion).status()).isEqualTo(404);
        assertThat(http.get("/v1/jobs/" + hugeMetadata).json().path("metadata").path("blob").asText()).hasSize(256);
        assertThat(http.get("/v1/agents").status()).isEqualTo(200);
        assertThat(http.get("/v1/agents").body()).contains("null-quota-1"); // its null quota entry dropped, the heartbeat read
        assertThat(sseEvents(farDeadline)).containsExactly("TASK_FAILED", "REPORT_READY");
        String metrics = http.get("/metrics").body();
        assertThat(metrics).contains("switchboard_orchestrator_view_clamped_total").contains("switchboard_orchestrator_view_skipped_total");
    }

    /** The event types of a job's SSE stream (which ends by itself after REPORT_READY), each event's data bounded. */
    private List<String> sseEvents(UUID jobId) throws Exception {
        HttpResponse<InputStream> stream = http.client().send(http.request("/v1/jobs/" + jobId + "/events").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        List<String> types = new ArrayList<>();
        try (InputStream in = stream.body()) {
            Http.sseEvents(in).forEachRemaining(e -> {
                assertThat(e[2].length()).isLessThan(10_000);
                types.add(e[1]);
            });
        }
        return types;
    }
}
