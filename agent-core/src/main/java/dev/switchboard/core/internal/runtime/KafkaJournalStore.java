package dev.switchboard.core.internal.runtime;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.core.internal.llm.JournalCodec;
import dev.switchboard.core.internal.llm.JournalEntry;
import dev.switchboard.core.internal.llm.JournalStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * The call journal on its topic ({@code switchboard.llm-calls}): entries go to the partition of their task id, through
 * the worker's producer; a task's entries are read back, when it may have run before, by a short-lived consumer that
 * reads that one partition from the job's submit time to its end, within a bounded time. The answer cache, when on,
 * is fed from the same topic.
 */
final class KafkaJournalStore implements JournalStore {
    /** How long reading one task's journal may take before its calls go to the model instead. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    /** Clocks of the orchestrator (submit time) and agents (journal time) may differ a little. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final KafkaSettings kafka;
    private final String clientId;
    private final AnswerCache cache;

    KafkaJournalStore(Producer<String, byte[]> producer, String topic, KafkaSettings kafka, String clientId, AnswerCache cache) {
        this.producer = producer;
        this.topic = topic;
        this.kafka = kafka;
        this.clientId = clientId;
        this.cache = cache;
    }

    @Override
    public CompletableFuture<Void> append(JournalEntry entry) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, partitionOf(entry.taskId()), entry.key(), JournalCodec.encode(entry)),
                    (metadata, error) -> {
                        if (error != null) {
                            written.completeExceptionally(error);
                        } else {
                            written.complete(null);
                        }
                    });
        } catch (RuntimeException e) {
            written.completeExceptionally(e);
        }
        return written;
    }

    @Override
    public List<JournalEntry> read(UUID taskId, Instant since) {
        TopicPartition tp = new TopicPartition(topic, partitionOf(taskId));
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.clientConfig(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-journal-reader",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), READ_TIMEOUT).get(tp);
            OffsetAndTimestamp from = consumer.offsetsForTimes(Map.of(tp, since.minus(CLOCK_SKEW).toEpochMilli()), READ_TIMEOUT).get(tp);
            if (from == null || from.offset() >= end) {
                return List.of();
            }
            consumer.seek(tp, from.offset());
            String prefix = taskId + "/";
            List<JournalEntry> entries = new ArrayList<>();
            while (consumer.position(tp, READ_TIMEOUT) < end) {
                if (System.nanoTime() > deadline) {
                    throw new org.apache.kafka.common.errors.TimeoutException("reading " + tp + " took longer than " + READ_TIMEOUT);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && record.key().startsWith(prefix)) {
                        JournalCodec.decode(record.value()).filter(e -> taskId.equals(e.taskId())).ifPresent(entries::add);
                    }
                }
            }
            return entries;
        }
    }

    @Override
    public Optional<JournalEntry> cached(String requestHash) {
        return cache == null ? Optional.empty() : cache.get(requestHash);
    }

    /** All calls of a task on one partition, chosen by its id, whatever the record key. */
    private int partitionOf(UUID taskId) {
        int partitions = producer.partitionsFor(topic).size();
        return Utils.toPositive(Utils.murmur2(taskId.toString().getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
