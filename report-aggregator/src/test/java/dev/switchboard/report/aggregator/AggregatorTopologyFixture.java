package dev.switchboard.report.aggregator;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.DeadLetterHeaders;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.ErrorInfo;
import dev.switchboard.contracts.message.ErrorType;
import dev.switchboard.contracts.message.Ids;
import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.message.Usage;
import dev.switchboard.contracts.topic.TopicCatalogue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
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
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production topology on Kafka Streams' TopologyTestDriver, with the production Kafka Streams settings, and the
 * helpers the topology tests share: submit a manifest, answer for an agent, read reports, events and counters.
 */
abstract class AggregatorTopologyFixture {
    static final Instant START = Instant.parse("2026-11-28T12:00:00Z");
    final TopicCatalogue topics = catalogue();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AggregatorConfig config = AggregatorConfig.custom().grace(Duration.ofMinutes(1)).orphanTtl(Duration.ofMinutes(2))
            .amendWindow(Duration.ofMinutes(30)).build();
    final AggregatorMetrics metrics = new AggregatorMetrics(registry);
    TopologyTestDriver driver;
    TestInputTopic<String, byte[]> jobs;
    TestInputTopic<String, byte[]> results;
    TestOutputTopic<String, String> reports;
    TestOutputTopic<String, String> events;
    @TempDir
    java.nio.file.Path stateDir;

    /** The aggregator's topics.yaml: the bundled one unless a test class declares more agents. */
    TopicCatalogue catalogue() {
        return TopicCatalogue.bundled();
    }

    @BeforeEach
    void start() {
        start(ReportBuilder.HEADLINES);
    }

    /** The production topology with the production Kafka Streams settings (exception handlers included). */
    void start(java.util.function.Function<AgentResult, java.util.Optional<String>> headlines) {
        if (driver != null) {
            driver.close();
        }
        Properties props = AggregatorStreamsConfig.of(KafkaSettings.of("unused:9092"), topics, config, metrics);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()); // not the shared OS temp dir: builds run side by side
        driver = new TopologyTestDriver(ReportTopology.build(topics, config, metrics, headlines), props, START);
        jobs = driver.createInputTopic(topics.jobs().name(), new StringSerializer(), new ByteArraySerializer());
        results = driver.createInputTopic(topics.results().name(), new StringSerializer(), new ByteArraySerializer());
        reports = driver.createOutputTopic(topics.reports().name(), new StringDeserializer(), new StringDeserializer());
        events = driver.createOutputTopic(topics.events().name(), new StringDeserializer(), new StringDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    JobManifest manifest(Duration deadline, String... agents) {
        JobManifest m = JobManifest.create(Ids.newId(), List.of(agents), START, START.plus(deadline), null, Map.of());
        jobs.pipeInput(m.jobId().toString(), Json.toBytes(m));
        return m;
    }

    static Task task(UUID jobId, String agent) {
        return new Task(1, jobId, UUID.nameUUIDFromBytes((jobId + agent).getBytes()), agent, 1, Document.ofText("x"), null, START, START.plusSeconds(60));
    }

    AgentResult ok(UUID jobId, String agent, Object output) {
        return ok(jobId, agent, output, null);
    }

    AgentResult ok(UUID jobId, String agent, Object output, String headline) {
        AgentResult r = AgentResult.ok(task(jobId, agent), Json.toTree(output), headline, "offline", null, START, START);
        results.pipeInput(jobId.toString(), Json.toBytes(r));
        return r;
    }

    AgentResult failed(UUID jobId, String agent) {
        AgentResult r = AgentResult.failed(task(jobId, agent), ErrorInfo.of(ErrorType.RETRIES_EXHAUSTED, "gave up"), null, null, START, START);
        results.pipeInput(jobId.toString(), Json.toBytes(r));
        return r;
    }

    List<Report> reports() {
        return reports.readValuesToList().stream().map(v -> Json.fromString(v, Report.class)).toList();
    }

    double counter(String name) {
        return registry.get(name).counter().count();
    }

    double skipped(String reason) {
        return registry.get("switchboard.aggregator.records.skipped").tag("reason", reason).counter().count();
    }

    static Map<String, Object> sentimentOutput() {
        return Map.of("label", "positive", "score", 0.8, "confidence", 0.9);
    }

    AgentResult replayed(AgentResult r, String ref) {
        org.apache.kafka.common.header.Headers headers = new org.apache.kafka.common.header.internals.RecordHeaders()
                .add(DeadLetterHeaders.REPLAY_OF, ref.getBytes(StandardCharsets.UTF_8));
        results.pipeInput(new TestRecord<>(r.jobId().toString(), Json.toBytes(r), headers));
        return r;
    }

    AgentResult replayedOk(UUID jobId, String agent, String ref) {
        AgentResult original = AgentResult.ok(task(jobId, agent), Json.toTree(Map.of("summary", "fixed")), "Summary: fixed.",
                "offline", new Usage(1, 0, 50, 10, null), START, START);
        return replayed(original, ref);
    }

    List<JobEvent> jobEvents() {
        return events.readValuesToList().stream().map(v -> Json.fromString(v, JobEvent.class)).toList();
    }
}
