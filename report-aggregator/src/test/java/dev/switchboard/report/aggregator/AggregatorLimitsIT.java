package dev.switchboard.report.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.Ids;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.kafka.embedded.EmbeddedKafkaCluster;
import dev.switchboard.testkit.KafkaTest;
import dev.switchboard.testkit.TestKafka;
import dev.switchboard.testkit.TopicProbe;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aggregator against a real broker: its changelog follows topics.yaml's replication factor and record limit, a
 * job whose results total more than the record limit still gets its report, and stream threads that keep dying end
 * in an unhealthy, failed aggregator instead of a thread replaced for ever.
 */
@KafkaTest
class AggregatorLimitsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private final TopicCatalogue topics = TopicCatalogue.bundled();

    @Test
    void shouldCreateTheChangelogWithTheCatalogueReplicationFactorAndRecordLimit(TestKafka kafka, @TempDir Path dir) throws Exception {
        // Given the bundled catalogue (replication factor 1, 2 MiB records) on the shared one-broker cluster
        String appId = "aggregator-limits-" + UUID.randomUUID();

        // When the aggregator has started
        try (ReportAggregator aggregator = start(kafka.bootstrapServers(), topics, config(appId, dir));
             Admin admin = Admin.create(kafka.clientProperties())) {
            await().atMost(TIMEOUT).until(aggregator::isHealthy);

            // Then its changelog topic has the catalogue's replication factor and max.message.bytes
            assertChangelogFollowsTheCatalogue(admin, appId, topics);
        }
    }

    @Test
    void shouldCreateTheChangelogWithReplicationFactorThreeOnAThreeBrokerCluster(@TempDir Path dir) throws Exception {
        // Given a catalogue asking for replication factor 3, and three brokers whose default is 1
        TopicCatalogue replicated = TopicCatalogue.parse(bundledYaml().replace("replicationFactor: 1", "replicationFactor: 3"));
        assertThat(replicated.defaultReplicationFactor()).isEqualTo((short) 3);
        String appId = "aggregator-rf3-" + UUID.randomUUID();
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().brokers(3).build().start();
             Admin admin = Admin.create(cluster.clientProperties())) {

            // When the aggregator has started on it
            try (ReportAggregator aggregator = start(cluster.bootstrapServers(), replicated, config(appId, dir))) {
                await().atMost(TIMEOUT).until(aggregator::isHealthy);

                // Then its changelog is replicated three times, with the catalogue's record limit
                assertChangelogFollowsTheCatalogue(admin, appId, replicated);
            }
        }
    }

    @Test
    void shouldReportAJobWhoseResultsTotalMoreThanTheRecordLimit(TestKafka kafka, @TempDir Path dir) throws Exception {
        // Given a job of three agents, each answering with a third of the record limit and a little more
        String appId = "aggregator-large-" + UUID.randomUUID();
        int share = topics.maxValueBytes() * 35 / 100;
        UUID jobId = Ids.newId();
        List<String> agents = List.of("keywords", "translate", "classify");
        Instant now = Instant.now();
        try (ReportAggregator aggregator = start(kafka.bootstrapServers(), topics, config(appId, dir));
             TopicProbe reports = new TopicProbe(kafka, topics.reports().name());
             KafkaProducer<String, byte[]> producer = largeRecordProducer(kafka)) {

            // When the manifest and the results are written
            JobManifest m = JobManifest.create(jobId, agents, now, now.plusSeconds(600), null, Map.of());
            producer.send(new ProducerRecord<>(topics.jobs().name(), jobId.toString(), Json.toBytes(m))).get();
            for (String agent : agents) {
                Task task = Task.create(jobId, agent, Document.ofText("x"), null, now, now.plusSeconds(600));
                AgentResult r = AgentResult.ok(task, Json.toTree(Map.of("value", agent.charAt(0) + "x".repeat(share))), "offline", null, now, now);
                assertThat(Json.toBytes(r).length).isLessThan(topics.maxValueBytes());
                producer.send(new ProducerRecord<>(topics.results().name(), jobId.toString(), Json.toBytes(r))).get();
            }

            // Then the job gets one report, under the record limit, with the last output replaced by a marker
            ConsumerRecord<String, byte[]> record = reports.awaitMatching(r -> r.key().equals(jobId.toString()), 1, TIMEOUT).get(0);
            assertThat(record.value().length).isLessThanOrEqualTo(topics.maxValueBytes());
            Report report = Json.fromBytes(record.value(), Report.class);
            assertThat(report.status()).isEqualTo(Report.Status.COMPLETED);
            assertThat(report.results()).containsOnlyKeys(agents);
            assertThat(report.results().values()).filteredOn(r -> OmittedOutput.isMarker(r.output())).hasSize(1);
            assertThat(report.synthesis()).contains("Output omitted from this report, too large to keep");
            assertThat(aggregator.isHealthy()).isTrue();
        }
    }

    @Test
    void shouldTurnUnhealthyAndFailWhenReplacedStreamThreadsKeepDying(TestKafka kafka, @TempDir Path dir) throws Exception {
        // Given an aggregator that may replace one stream thread, and a headline reader that kills the thread on one output
        String appId = "aggregator-dying-" + UUID.randomUUID();
        String poison = "poison-" + UUID.randomUUID();
        java.util.function.Function<AgentResult, Optional<String>> killer = result -> {
            if (result.output().path("summary").asText().equals(poison)) {
                throw new StackOverflowError("simulated: the thread dies on this output");
            }
            return Optional.empty();
        };
        AggregatorConfig config = AggregatorConfig.custom().applicationId(appId).stateDir(dir.toString())
                .threadReplacements(1, Duration.ofMinutes(10)).build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // a dead stream thread's consumer does not leave the group: a short session lets the replacement take over soon
        KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers(), Map.of("session.timeout.ms", "10000"));
        TopicProvisioner.provision(settings, topics);
        try (ReportAggregator aggregator = new ReportAggregator(settings, topics, config, registry, killer).start();
             KafkaProducer<String, byte[]> producer = largeRecordProducer(kafka)) {
            await().atMost(TIMEOUT).until(aggregator::isHealthy);

            // When a job completes with that output (each replaced thread meets the same uncommitted record again)
            UUID jobId = Ids.newId();
            Instant now = Instant.now();
            JobManifest m = JobManifest.create(jobId, List.of("summary"), now, now.plusSeconds(600), null, Map.of());
            producer.send(new ProducerRecord<>(topics.jobs().name(), jobId.toString(), Json.toBytes(m))).get();
            Task task = Task.create(jobId, "summary", Document.ofText("x"), null, now, now.plusSeconds(600));
            AgentResult r = AgentResult.ok(task, Json.toTree(Map.of("summary", poison)), "offline", null, now, now);
            producer.send(new ProducerRecord<>(topics.results().name(), jobId.toString(), Json.toBytes(r))).get();

            // Then after one replacement the client shuts down: the failure completes and the aggregator is not healthy
            KafkaStreams.State failed = aggregator.stoppedOnItsOwn().get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(failed).isIn(KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.ERROR);
            assertThat(aggregator.isHealthy()).isFalse();
            assertThat(aggregator.hasFailed()).isTrue();
            assertThat(registry.get("switchboard.aggregator.stream.threads.replaced").counter().count()).isEqualTo(1);
        }
    }

    private static void assertChangelogFollowsTheCatalogue(Admin admin, String appId, TopicCatalogue catalogue) {
        String changelog = appId + "-" + ReportTopology.JOBS_STORE + "-changelog";
        TopicDescription description = await().atMost(TIMEOUT).ignoreExceptions()
                .until(() -> admin.describeTopics(List.of(changelog)).allTopicNames().get().get(changelog), d -> d != null);
        assertThat(description.partitions()).isNotEmpty()
                .allSatisfy(p -> assertThat(p.replicas()).hasSize(catalogue.defaultReplicationFactor()));
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, changelog);
        Config config = await().atMost(TIMEOUT).ignoreExceptions()
                .until(() -> admin.describeConfigs(List.of(resource)).all().get().get(resource), c -> c != null);
        assertThat(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value()).isEqualTo(Integer.toString(catalogue.maxMessageBytes()));
    }

    private static ReportAggregator start(String bootstrap, TopicCatalogue catalogue, AggregatorConfig config) {
        TopicProvisioner.provision(KafkaSettings.of(bootstrap), catalogue);
        return new ReportAggregator(KafkaSettings.of(bootstrap), catalogue, config, new SimpleMeterRegistry()).start();
    }

    private static AggregatorConfig config(String appId, Path dir) {
        return AggregatorConfig.custom().applicationId(appId).stateDir(dir.toString()).build();
    }

    private KafkaProducer<String, byte[]> largeRecordProducer(TestKafka kafka) {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.putAll(topics.producerSizeConfig());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static String bundledYaml() throws IOException {
        try (InputStream in = TopicCatalogue.class.getResourceAsStream(TopicCatalogue.DEFAULT_FILE_NAME)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
