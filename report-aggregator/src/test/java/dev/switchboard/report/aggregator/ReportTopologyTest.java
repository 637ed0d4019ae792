package dev.switchboard.report.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.message.AgentResult;
import dev.switchboard.core.message.Document;
import dev.switchboard.core.message.ErrorInfo;
import dev.switchboard.core.message.ErrorType;
import dev.switchboard.core.message.Ids;
import dev.switchboard.core.message.JobEvent;
import dev.switchboard.core.message.JobManifest;
import dev.switchboard.core.message.Json;
import dev.switchboard.core.message.Report;
import dev.switchboard.core.message.Task;
import dev.switchboard.core.topic.TopicCatalogue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every path of the production topology, on Kafka Streams' TopologyTestDriver. */
class ReportTopologyTest {
    private static final Instant START = Instant.parse("2026-11-28T12:00:00Z");
    private final TopicCatalogue topics = TopicCatalogue.bundled();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AggregatorConfig config = AggregatorConfig.custom().grace(Duration.ofMinutes(1)).orphanTtl(Duration.ofMinutes(2)).build();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> jobs;
    private TestInputTopic<String, byte[]> results;
    private TestOutputTopic<String, String> reports;
    private TestOutputTopic<String, String> events;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(ReportTopology.build(topics, config, registry), props, START);
        jobs = driver.createInputTopic(topics.jobs().name(), new StringSerializer(), new ByteArraySerializer());
        results = driver.createInputTopic(topics.results().name(), new StringSerializer(), new ByteArraySerializer());
        reports = driver.createOutputTopic(topics.reports().name(), new StringDeserializer(), new StringDeserializer());
        events = driver.createOutputTopic(topics.events().name(), new StringDeserializer(), new StringDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private JobManifest manifest(Duration deadline, String... agents) {
        JobManifest m = JobManifest.create(Ids.newId(), List.of(agents), START, START.plus(deadline), null, Map.of());
        jobs.pipeInput(m.jobId().toString(), Json.toBytes(m));
        return m;
    }

    private static Task task(UUID jobId, String agent) {
        return new Task(1, jobId, UUID.nameUUIDFromBytes((jobId + agent).getBytes()), agent, 1, Document.ofText("x"), null, START, START.plusSeconds(60));
    }

    private AgentResult ok(UUID jobId, String agent, Object output) {
        AgentResult r = AgentResult.ok(task(jobId, agent), Json.toTree(output), "offline", null, START, START);
        results.pipeInput(jobId.toString(), Json.toBytes(r));
        return r;
    }

    private AgentResult failed(UUID jobId, String agent) {
        AgentResult r = AgentResult.failed(task(jobId, agent), ErrorInfo.of(ErrorType.RETRIES_EXHAUSTED, "gave up"), null, null, START, START);
        results.pipeInput(jobId.toString(), Json.toBytes(r));
        return r;
    }

    private List<Report> reports() {
        return reports.readValuesToList().stream().map(v -> Json.fromString(v, Report.class)).toList();
    }

    private double counter(String name) {
        return registry.get(name).counter().count();
    }

    private static Map<String, Object> sentimentOutput() {
        return Map.of("label", "positive", "score", 0.8, "confidence", 0.9);
    }

    @Test
    void shouldEmitOneCompletedReportWhenEveryExpectedAgentAnswered() {
        JobManifest m = manifest(Duration.ofMinutes(5), "sentiment", "entities", "summary");
        ok(m.jobId(), "sentiment", sentimentOutput());
        ok(m.jobId(), "entities", Map.of("entities", List.of(Map.of("text", "Acme", "type", "ORGANIZATION", "mentions", 3))));
        assertThat(reports.isEmpty()).isTrue();
        ok(m.jobId(), "summary", Map.of("summary", "Acme did well.", "keyPoints", List.of("well")));

        List<Report> out = reports();
        assertThat(out).hasSize(1);
        Report r = out.get(0);
        assertThat(r.status()).isEqualTo(Report.Status.COMPLETED);
        assertThat(r.results()).containsOnlyKeys("sentiment", "entities", "summary");
        assertThat(r.missingAgents()).isEmpty();
        assertThat(r.synthesis()).isEqualTo("Overall sentiment: positive (score 0.80, confidence 0.90). "
                + "Key entities: Acme (organization). Summary: Acme did well.");
        JobEvent ready = Json.fromString(events.readValue(), JobEvent.class);
        assertThat(ready.type()).isEqualTo(JobEvent.Type.REPORT_READY);
        assertThat(ready.jobId()).isEqualTo(m.jobId());
        assertThat(registry.get("switchboard.aggregator.reports").tag("status", "COMPLETED").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldReportPartialWhenSomeAgentsFailedAndFailedWhenAllDid() {
        JobManifest partial = manifest(Duration.ofMinutes(5), "sentiment", "entities");
        ok(partial.jobId(), "sentiment", sentimentOutput());
        failed(partial.jobId(), "entities");
        JobManifest allFailed = manifest(Duration.ofMinutes(5), "summary");
        failed(allFailed.jobId(), "summary");

        List<Report> out = reports();
        assertThat(out).extracting(Report::status).containsExactly(Report.Status.PARTIAL, Report.Status.FAILED);
        assertThat(out.get(0).failedAgents()).containsExactly("entities");
        assertThat(out.get(0).synthesis()).contains("Failed: entities (RETRIES_EXHAUSTED).");
    }

    @Test
    void shouldTimeOutAtTheDeadlineWithTheMissingAgentsAndIgnoreLaterResults() {
        JobManifest m = manifest(Duration.ofSeconds(30), "sentiment", "entities");
        ok(m.jobId(), "sentiment", sentimentOutput());

        driver.advanceWallClockTime(Duration.ofSeconds(20));
        assertThat(reports.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(15));

        List<Report> out = reports();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).status()).isEqualTo(Report.Status.TIMED_OUT);
        assertThat(out.get(0).missingAgents()).containsExactly("entities");
        assertThat(out.get(0).results()).containsOnlyKeys("sentiment");
        assertThat(out.get(0).synthesis()).contains("No answer before the deadline from: entities.");

        ok(m.jobId(), "entities", Map.of("entities", List.of()));
        assertThat(reports.isEmpty()).isTrue();
        assertThat(counter("switchboard.aggregator.results.late")).isEqualTo(1);
    }

    @Test
    void shouldBufferResultsThatArriveBeforeTheirManifest() {
        UUID jobId = Ids.newId();
        JobManifest m = new JobManifest(1, jobId, List.of("sentiment"), START, START.plusSeconds(60), null, Map.of(), null);
        ok(jobId, "sentiment", sentimentOutput());
        assertThat(reports.isEmpty()).isTrue();

        jobs.pipeInput(jobId.toString(), Json.toBytes(m));

        assertThat(reports()).extracting(Report::status).containsExactly(Report.Status.COMPLETED);
    }

    @Test
    void shouldIgnoreDuplicateResultsOfTheSameTask() {
        JobManifest m = manifest(Duration.ofMinutes(5), "sentiment", "summary");
        AgentResult first = ok(m.jobId(), "sentiment", sentimentOutput());
        results.pipeInput(m.jobId().toString(), Json.toBytes(first));
        ok(m.jobId(), "summary", Map.of("summary", "s", "keyPoints", List.of()));
        results.pipeInput(m.jobId().toString(), Json.toBytes(first));

        assertThat(reports()).hasSize(1);
        assertThat(counter("switchboard.aggregator.results.duplicate")).isEqualTo(2);
    }

    @Test
    void shouldHandleJobsOfOneAndOfFiveAgentsAlike() {
        JobManifest one = manifest(Duration.ofMinutes(5), "summary");
        ok(one.jobId(), "summary", Map.of("summary", "Short.", "keyPoints", List.of()));
        JobManifest five = manifest(Duration.ofMinutes(5), "sentiment", "entities", "summary", "keywords", "translate");
        for (String agent : five.agents()) {
            assertThat(reports.readValuesToList()).as("before " + agent).hasSizeLessThanOrEqualTo(1);
            ok(five.jobId(), agent, Map.of("value", agent));
        }
        List<Report> out = reports.readValuesToList().stream().map(v -> Json.fromString(v, Report.class)).toList();
        assertThat(out).hasSize(1);
        Report r = out.get(0);
        assertThat(r.jobId()).isEqualTo(five.jobId());
        assertThat(r.results()).hasSize(5);
        JsonNode verbatim = r.results().get("keywords").output();
        assertThat(verbatim.path("value").asText()).isEqualTo("keywords");
        assertThat(r.synthesis()).contains("Also answered: keywords, translate.");
    }

    @Test
    void shouldDropOrphanResultsAfterTheirTtlAndCountThem() {
        UUID jobId = Ids.newId();
        ok(jobId, "sentiment", sentimentOutput());
        KeyValueStore<String, JobAggregate> store = driver.getKeyValueStore(ReportTopology.JOBS_STORE);
        assertThat(store.get(jobId.toString())).isNotNull();

        driver.advanceWallClockTime(Duration.ofMinutes(3));

        assertThat(store.get(jobId.toString())).isNull();
        assertThat(counter("switchboard.aggregator.results.orphaned")).isEqualTo(1);
        assertThat(reports.isEmpty()).isTrue();
    }

    @Test
    void shouldRemoveAJobsStateAGracePeriodAfterItsReport() {
        JobManifest m = manifest(Duration.ofMinutes(5), "summary");
        ok(m.jobId(), "summary", Map.of("summary", "s", "keyPoints", List.of()));
        KeyValueStore<String, JobAggregate> store = driver.getKeyValueStore(ReportTopology.JOBS_STORE);
        assertThat(store.get(m.jobId().toString()).isReported()).isTrue();
        assertThat(registry.get("switchboard.aggregator.open.jobs").gauge().value()).isEqualTo(1);

        driver.advanceWallClockTime(Duration.ofMinutes(2));

        assertThat(store.get(m.jobId().toString())).isNull();
        assertThat(registry.get("switchboard.aggregator.open.jobs").gauge().value()).isZero();
        KeyValueStore<String, String> index = driver.getKeyValueStore(ReportTopology.INDEX_STORE);
        assertThat(index.approximateNumEntries()).isZero();
    }

    @Test
    void shouldSkipUnreadableRecordsWithoutStopping() {
        jobs.pipeInput("not-a-job", "{broken".getBytes());
        results.pipeInput("x", "[]".getBytes());
        JobManifest m = manifest(Duration.ofMinutes(5), "summary");
        ok(m.jobId(), "summary", Map.of("summary", "s", "keyPoints", List.of()));

        assertThat(reports()).hasSize(1);
        assertThat(counter("switchboard.aggregator.records.unreadable")).isEqualTo(2);
    }
}
