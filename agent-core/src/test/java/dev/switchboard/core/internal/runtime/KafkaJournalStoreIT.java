package dev.switchboard.core.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.core.internal.llm.JournalCodec;
import dev.switchboard.core.internal.llm.JournalEntry;
import dev.switchboard.testkit.KafkaTest;
import dev.switchboard.testkit.TestKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The call journal on a real broker: what a task's read scans, and an answer the topic can never take. */
@KafkaTest
class KafkaJournalStoreIT {
    private final TestKafka kafka;
    private final String topic = "it.llm-calls." + UUID.randomUUID();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaJournalStore store;
    private final UUID taskId = UUID.randomUUID();

    KafkaJournalStoreIT(TestKafka kafka) throws Exception {
        this.kafka = kafka;
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1).configs(Map.of("max.message.bytes", "4000"))))
                    .all().get();
        }
        Map<String, Object> config = new HashMap<>(kafka.clientProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        this.store = new KafkaJournalStore(producer, topic, KafkaSettings.of(kafka.bootstrapServers()), "it", null, registry);
    }

    @AfterEach
    void close() {
        producer.close();
    }

    private JournalEntry entry(int callIndex, String text) {
        return new JournalEntry(UUID.randomUUID(), taskId, callIndex, "hash" + callIndex, Instant.now(), text, "m", 10, 20, "STOP");
    }

    @Test
    void shouldGoOnWithoutJournalingAnAnswerTheTopicCanNeverTake() throws Exception {
        // Given a journal topic that takes records of at most 4000 bytes
        // When a task's answer of 10 000 characters is journaled, then a small one
        store.append(entry(0, "x".repeat(10_000))).get(30, TimeUnit.SECONDS);
        store.append(entry(1, "small")).get(30, TimeUnit.SECONDS);

        // Then neither write fails the task: the large one is counted as unwritable, the small one is in the journal
        assertThat(registry.get("switchboard.llm.journal.unwritable").counter().count()).isEqualTo(1);
        assertThat(store.read(taskId, Instant.now().minusSeconds(60))).extracting(JournalEntry::callIndex).containsExactly(1);
    }

    @Test
    void shouldReadATasksJournalFromTheGivenTimeOnly() throws Exception {
        // Given an entry of the task journaled three hours ago, and one now
        JournalEntry old = entry(0, "old");
        int partition = store.partitionOf(taskId);
        producer.send(new ProducerRecord<>(topic, partition, Instant.now().minus(Duration.ofHours(3)).toEpochMilli(),
                old.key(), JournalCodec.encode(old))).get(30, TimeUnit.SECONDS);
        store.append(entry(1, "new")).get(30, TimeUnit.SECONDS);

        // When the task's journal is read from a minute ago
        List<JournalEntry> read = store.read(taskId, Instant.now().minusSeconds(60));

        // Then the scan starts there: the old entry is not read
        assertThat(read).extracting(JournalEntry::text).containsExactly("new");
    }
}
