package dev.switchboard.orchestrator.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.message.Versioned;
import dev.switchboard.contracts.topic.Topic;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.observability.management.ReadinessChecks;
import dev.switchboard.orchestrator.health.Supervisor;
import dev.switchboard.testkit.KafkaTest;
import dev.switchboard.testkit.TestKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restart time of the job view, measured: the topics hold {@value #JOBS} finished jobs (manifest, SUBMITTED event,
 * three results, report each); a new view replays them to {@code caughtUp}. The number goes to docs/reliability.md.
 */
@KafkaTest
class ViewReplayIT {
    private static final Logger log = LoggerFactory.getLogger(ViewReplayIT.class);
    static final int JOBS = 20_000;
    private static final List<String> AGENTS = List.of("sentiment", "entities", "summary");
    private final TopicCatalogue topics = TopicCatalogue.bundled();

    @Test
    void shouldReplayTwentyThousandFinishedJobsToCaughtUpWithinAMinute(TestKafka kafka) {
        // Given the topics filled with finished jobs
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            new TopicProvisioner(admin).apply(topics);
        }
        Map<String, Object> props = new java.util.HashMap<>(kafka.clientProperties());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        long records = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < JOBS; i++) {
                UUID jobId = UUID.randomUUID();
                Instant now = Instant.now();
                JobManifest m = JobManifest.create(jobId, AGENTS, now, now.plusSeconds(300), null, Map.of("source", "replay"));
                send(producer, topics.jobs(), jobId, m);
                send(producer, topics.events(), jobId, JobEvent.ofJob(jobId, JobEvent.Type.SUBMITTED, null, now));
                Map<String, AgentResult> results = new LinkedHashMap<>();
                for (String agent : AGENTS) {
                    Task task = new Task(Versioned.CURRENT_VERSION, jobId, UUID.randomUUID(), agent, 1, Document.ofText("x"), null,
                            now, now.plusSeconds(300));
                    AgentResult r = AgentResult.ok(task, JsonNodeFactory.instance.objectNode().put("label", "positive")
                            .put("score", 0.93), "offline", null, now, now);
                    results.put(agent, r);
                    send(producer, topics.results(), jobId, r);
                }
                send(producer, topics.reports(), jobId, new Report(Versioned.CURRENT_VERSION, jobId, Report.Status.COMPLETED, results,
                        List.of(), List.of(), "A short synthesis of the three answers.", now));
                records += 6;
            }
            producer.flush();
        }

        // When a new view replays them
        JobView view = new JobView(new AgentDirectory(Duration.ofSeconds(45)), Clock.systemUTC(), 100_000);
        ViewUpdater updater = new ViewUpdater(KafkaSettings.of(kafka.bootstrapServers()), topics, view,
                new ViewBounds(Duration.ofHours(24), new SimpleMeterRegistry()), new SimpleMeterRegistry());
        Supervisor supervisor = new Supervisor(new ReadinessChecks(), new SimpleMeterRegistry(), Supervisor.Backoff.DEFAULT);
        long started = System.nanoTime();
        try (Supervisor.Part part = supervisor.supervise(ViewUpdater.PART, updater)) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(view::caughtUp);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            // Then it is caught up within a minute, holding every job, and its byte estimate says what a job costs
            view.evict();
            long perJob = view.estimatedBytes() / Math.max(1, view.size());
            String line = String.format("View replay: %d jobs (%d records) to caughtUp in %d ms (%.0f records/s); ~%d estimated bytes per finished job",
                    JOBS, records, took.toMillis(), records / Math.max(0.001, took.toMillis() / 1000.0), perJob);
            log.info(line);
            System.out.println(line);
            assertThat(view.size()).isGreaterThanOrEqualTo(JOBS); // the broker is shared with other tests' jobs
            assertThat(took).isLessThan(Duration.ofSeconds(60));
        }
    }

    private static <V> void send(KafkaProducer<String, byte[]> producer, Topic<String, V> topic, UUID key, V value) {
        producer.send(new ProducerRecord<>(topic.name(), key.toString(), topic.valueSerde().serializer().serialize(topic.name(), value)));
    }
}
