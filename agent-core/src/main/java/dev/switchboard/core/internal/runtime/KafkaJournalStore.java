package dev.switchboard.core.internal.runtime;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.core.internal.llm.JournalCodec;
import dev.switchboard.core.internal.llm.JournalEntry;
import dev.switchboard.core.internal.llm.JournalStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * The call journal on its topic ({@code switchboard.llm-calls}): entries go to the partition of their task id, through
 * the worker's producer; a task's entries are read back, when it may have run before, by a short-lived consumer that
 * reads that one partition from where the task's first attempt could have made a call ({@code JournalSince}) to its
 * end, within one bound for all its waits. The answer cache, when on,
 * is fed from the same topic.
 */
final class KafkaJournalStore implements JournalStore {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(KafkaJournalStore.class);
    /** How long reading one task's journal may take before its calls go to the model instead. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    /** Clocks of the orchestrator (submit time) and agents (journal time) may differ a little. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final KafkaSettings kafka;
    private final String clientId;
    private final AnswerCache cache;
    private final Counter unjournaled;

    KafkaJournalStore(Producer<String, byte[]> producer, String topic, KafkaSettings kafka, String clientId, AnswerCache cache,
                      MeterRegistry registry) {
        this.unjournaled = Counter.builder("switchboard.llm.journal.unwritable")
                .description("model answers the call journal refused for good (too large, invalid): not replayable")
                .register(registry);
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
                        if (error == null) {
                            written.complete(null);
                        } else if (isPermanent(error)) {
                            // no redelivery would write it either: the call stays unjournaled, the task goes on
                            log.warn("Call {} of task {} cannot be journaled, so a redelivery would pay for it again: {}",
                                    entry.callIndex(), entry.taskId(), error.toString());
                            unjournaled.increment();
                            written.complete(null);
                        } else {
                            written.completeExceptionally(error);
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
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.clientConfig(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-journal-reader",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")), new StringDeserializer(), new ByteArrayDeserializer());
        try {
            consumer.assign(List.of(tp));
            // every wait gets what is left of the one bound, so together they never take longer than it
            long end = consumer.endOffsets(List.of(tp), left(deadline)).get(tp);
            OffsetAndTimestamp from = consumer.offsetsForTimes(Map.of(tp, since.minus(CLOCK_SKEW).toEpochMilli()), left(deadline)).get(tp);
            if (from == null || from.offset() >= end) {
                return List.of();
            }
            consumer.seek(tp, from.offset());
            String prefix = taskId + "/";
            List<JournalEntry> entries = new ArrayList<>();
            while (consumer.position(tp, left(deadline)) < end) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(min(left(deadline), POLL))) {
                    if (record.key() != null && record.key().startsWith(prefix)) {
                        JournalCodec.decode(record.value()).filter(e -> taskId.equals(e.taskId())).ifPresent(entries::add);
                    }
                }
            }
            return entries;
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ZERO)); // no group, nothing to commit
        }
    }

    /** What is left until {@code deadline}; throws when nothing is. */
    private Duration left(long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new org.apache.kafka.common.errors.TimeoutException("reading " + topic + " took longer than " + READ_TIMEOUT);
        }
        return Duration.ofNanos(left);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public Optional<JournalEntry> cached(String requestHash) {
        return cache == null ? Optional.empty() : cache.get(requestHash);
    }

    /** An error no retry of the send can get past: the entry is too large for the topic, or the broker rejects it. */
    static boolean isPermanent(Throwable error) {
        Throwable e = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
        return e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException
                || e instanceof InvalidRecordException;
    }

    /** All calls of a task on one partition, chosen by its id, whatever the record key. */
    int partitionOf(UUID taskId) {
        int partitions = producer.partitionsFor(topic).size();
        return Utils.toPositive(Utils.murmur2(taskId.toString().getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
