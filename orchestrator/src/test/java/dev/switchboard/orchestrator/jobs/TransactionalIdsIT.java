package dev.switchboard.orchestrator.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.Ids;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.observability.management.ReadinessChecks;
import dev.switchboard.orchestrator.health.Supervisor;
import dev.switchboard.orchestrator.port.FanOutException;
import dev.switchboard.testkit.KafkaTest;
import dev.switchboard.testkit.TestKafka;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Stable transactional ids: a restart fences its predecessor at once; a second live instance with the same id stops the first. */
@KafkaTest
class TransactionalIdsIT {
    private static final Duration FAST = Duration.ofSeconds(8); // far below the abandoned transaction's 60 s timeout
    private final TopicCatalogue topics = TopicCatalogue.bundled();

    @Test
    void shouldAbortThePredecessorsOpenTransactionWhenAFanOutWithTheSameInstanceIdStarts(TestKafka kafka) {
        // Given a predecessor killed mid-transaction: a record of job's partition sent under slot 0's id, never committed
        provision(kafka);
        String instance = "restarted-" + UUID.randomUUID();
        UUID jobId = Ids.newId();
        KafkaProducer<String, byte[]> predecessor = abandonedTransaction(kafka, FanOut.transactionalId(instance, 0), jobId);
        try (KafkaConsumer<String, byte[]> committed = readCommitted(kafka)) {
            // When the orchestrator starts again with the same instance id and writes that job
            try (FanOut restarted = new FanOut(KafkaSettings.of(kafka.bootstrapServers()), topics, instance, 1,
                    new SimpleMeterRegistry(), supervisor(new ReadinessChecks(), new SimpleMeterRegistry()))) {
                restarted.submit(plan(jobId));
            }

            // Then a read_committed reader sees the job's manifest at once: the open transaction was aborted, not left to time out
            List<String> seen = new java.util.ArrayList<>();
            await().atMost(FAST).until(() -> {
                committed.poll(Duration.ofMillis(100)).forEach(r -> seen.add(r.key()));
                return seen.contains(jobId.toString());
            });
            assertThat(seen).containsOnlyOnce(jobId.toString());
        } finally {
            predecessor.close(Duration.ZERO);
        }
    }

    @Test
    void shouldStopTheEarlierFanOutWithAClearErrorWhenASecondOneClaimsItsInstanceId(TestKafka kafka) {
        // Given a running fan-out with an instance id
        provision(kafka);
        String instance = "twin-" + UUID.randomUUID();
        KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
        ReadinessChecks earlierReady = new ReadinessChecks();
        MeterRegistry earlierLoops = new SimpleMeterRegistry();
        ReadinessChecks laterReady = new ReadinessChecks();
        try (FanOut earlier = new FanOut(settings, topics, instance, 1, new SimpleMeterRegistry(), supervisor(earlierReady, earlierLoops))) {
            earlier.submit(plan(Ids.newId()));

            // When a second fan-out starts with the same instance id (its producer fences the earlier one's)
            try (FanOut later = new FanOut(settings, topics, instance, 1, new SimpleMeterRegistry(),
                    supervisor(laterReady, new SimpleMeterRegistry()))) {
                await().atMost(FAST).until(() -> laterReady.evaluate().ready());

                // Then the earlier one's next submit fails with the error naming the variable, and its committer stays down
                assertThatThrownBy(() -> earlier.submit(plan(Ids.newId()))).isInstanceOf(FanOutException.class)
                        .hasMessageContaining("another orchestrator uses SWITCHBOARD_ORCHESTRATOR_INSTANCE_ID=" + instance);
                await().atMost(FAST).until(() -> restarts(earlierLoops) >= 2);
                assertThat(earlierReady.evaluate().failing()).containsExactly(FanOut.PART_PREFIX + 0);
                assertThatThrownBy(() -> earlier.submit(plan(Ids.newId()))).hasMessageContaining("SWITCHBOARD_ORCHESTRATOR_INSTANCE_ID");
                // And it did not fence back: the later one still writes jobs with the producer it started with
                later.submit(plan(Ids.newId()));
                assertThat(laterReady.evaluate().ready()).isTrue();
            }
        }
    }

    private void provision(TestKafka kafka) {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            new TopicProvisioner(admin).apply(topics);
        }
    }

    private JobRecords plan(UUID jobId) {
        JobManifest m = JobManifest.create(jobId, List.of("sentiment"), Instant.now(), Instant.now().plusSeconds(60), null, Map.of());
        return JobRecords.of(m, Document.ofText("x"), topics);
    }

    /** A producer that began a transaction on the jobs topic (same key, so same partition, as {@code jobId}'s manifest) and vanished. */
    private KafkaProducer<String, byte[]> abandonedTransaction(TestKafka kafka, String transactionalId, UUID jobId) {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        KafkaProducer<String, byte[]> p = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        p.initTransactions();
        p.beginTransaction();
        p.send(new ProducerRecord<>(topics.jobs().name(), jobId.toString() + "-abandoned", new byte[0]));
        p.send(new ProducerRecord<>(topics.jobs().name(), jobId.toString(), new byte[0]));
        p.flush();
        return p;
    }

    /** A read_committed reader of every partition of the jobs topic from the start, without a group (no join to wait for). */
    private KafkaConsumer<String, byte[]> readCommitted(TestKafka kafka) {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topics.jobs().name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static double restarts(MeterRegistry loops) {
        return loops.get("switchboard.orchestrator.loop.restarts").tag("part", FanOut.PART_PREFIX + 0).counter().count();
    }

    private static Supervisor supervisor(ReadinessChecks readiness, MeterRegistry registry) {
        return new Supervisor(readiness, registry, new Supervisor.Backoff(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMinutes(1)));
    }
}
