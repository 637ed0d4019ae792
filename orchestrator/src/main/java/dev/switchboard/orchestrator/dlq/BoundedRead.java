package dev.switchboard.orchestrator.dlq;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.orchestrator.port.DeadLettersUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads topics with an assigned consumer (no group, nothing committed, {@code read_committed}) from a point in time to
 * their end as of the start of the read, within a time bound and a record cap: an API request never waits on Kafka
 * for longer than the bound. A read that stops at either bound says so.
 */
final class BoundedRead {
    private static final Duration POLL = Duration.ofMillis(200);
    /** How many offsets of a partition a newest-first scan reads at a time before stepping back. */
    static final int CHUNK = 500;
    private final KafkaSettings kafka;

    BoundedRead(KafkaSettings kafka) {
        this.kafka = kafka;
    }

    /** What a read reached: whether every partition was read to its end, and how many records it passed on. */
    record Result(boolean complete, int records) {
    }

    /**
     * Passes each record of {@code topics} from {@code since} ({@code null}: the beginning) to the end to {@code sink},
     * partition by partition in offset order, stopping after {@code cap} records or once {@code bound} has passed.
     */
    Result read(List<String> topics, Instant since, int cap, Duration bound, Consumer<ConsumerRecord<String, byte[]>> sink) {
        long deadline = System.nanoTime() + bound.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topics, deadline);
            if (partitions.isEmpty()) {
                return new Result(true, 0);
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, left(deadline));
            seek(consumer, partitions, since, end, deadline);
            List<TopicPartition> open = new ArrayList<>(partitions);
            open.removeIf(tp -> consumer.position(tp, left(deadline)) >= end.get(tp));
            int passed = 0;
            boolean dropped = false;
            while (!open.isEmpty() && passed < cap && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(min(POLL, left(deadline)))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() < end.get(tp)) {
                        if (passed < cap) {
                            sink.accept(r);
                            passed++;
                        } else {
                            dropped = true; // the cap was hit in the middle of a poll: the rest is unread
                        }
                    }
                }
                open.removeIf(tp -> consumer.position(tp, left(deadline)) >= end.get(tp));
            }
            return new Result(open.isEmpty() && !dropped, passed);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new DeadLettersUnavailableException("Kafka did not answer within " + bound.toSeconds() + " s: " + e.getMessage(), e);
        }
    }

    /** What a newest-first scan reached: whether every partition was read back to its start (or {@code since}). */
    record Scan(boolean complete, int records, long bytes) {
    }

    /**
     * Passes the records of {@code topics} to {@code sink} newest first in chunks: each partition is read backwards from
     * its end (as of the start of the read) in windows of {@link #CHUNK} offsets, round-robin over the partitions, down
     * to {@code since} ({@code null}: the beginning). Stops after {@code cap} records, {@code maxBytes} of values or
     * once {@code bound} has passed; {@code complete} is false then, even when the cap is hit in the middle of a chunk.
     */
    Scan readNewestFirst(List<String> topics, Instant since, int cap, long maxBytes, Duration bound,
                         Consumer<ConsumerRecord<String, byte[]>> sink) {
        long deadline = System.nanoTime() + bound.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topics, deadline);
            if (partitions.isEmpty()) {
                return new Scan(true, 0, 0);
            }
            Map<TopicPartition, Long> high = new HashMap<>(consumer.endOffsets(partitions, left(deadline)));
            Map<TopicPartition, Long> low = lowest(consumer, partitions, since, high, deadline);
            List<TopicPartition> open = new ArrayList<>(partitions);
            open.removeIf(tp -> high.get(tp) <= low.get(tp));
            int passed = 0;
            long bytes = 0;
            while (!open.isEmpty() && passed < cap && bytes < maxBytes && System.nanoTime() < deadline) {
                for (TopicPartition tp : List.copyOf(open)) {
                    long to = high.get(tp);
                    long from = Math.max(low.get(tp), to - Math.min(CHUNK, Math.max(1, cap - passed)));
                    consumer.assign(List.of(tp));
                    consumer.seek(tp, from);
                    boolean whole = true;
                    while (consumer.position(tp, left(deadline)) < to) {
                        if (passed >= cap || bytes >= maxBytes || System.nanoTime() >= deadline) {
                            whole = false;
                            break;
                        }
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(min(POLL, left(deadline)))) {
                            if (r.offset() >= to) {
                                continue;
                            }
                            if (passed >= cap || bytes >= maxBytes) {
                                whole = false;
                                break;
                            }
                            sink.accept(r);
                            passed++;
                            bytes += Math.max(0, r.serializedValueSize()) + Math.max(0, r.serializedKeySize());
                        }
                    }
                    if (!whole) {
                        return new Scan(false, passed, bytes);
                    }
                    high.put(tp, from);
                    if (from <= low.get(tp)) {
                        open.remove(tp);
                    }
                }
            }
            return new Scan(open.isEmpty(), passed, bytes);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new DeadLettersUnavailableException("Kafka did not answer within " + bound.toSeconds() + " s: " + e.getMessage(), e);
        }
    }

    /** One consumer for many single-record reads under one overall deadline (a replay's dead letters). */
    Records records(Duration bound) {
        return new Records(consumer(), System.nanoTime() + bound.toNanos(), bound);
    }

    /** Single-record reads on one consumer; each read after the deadline is refused. */
    final class Records implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final long deadline;
        private final Duration bound;
        private final Map<String, List<PartitionInfo>> infos = new HashMap<>();

        private Records(KafkaConsumer<String, byte[]> consumer, long deadline, Duration bound) {
            this.consumer = consumer;
            this.deadline = deadline;
            this.bound = bound;
        }

        /** Whether the overall deadline has passed: reads fail from then on. */
        boolean expired() {
            return System.nanoTime() >= deadline;
        }

        /** The record at {@code offset} of one partition, if the partition has one there (and it is committed). */
        java.util.Optional<ConsumerRecord<String, byte[]>> at(String topic, int partition, long offset) {
            try {
                List<PartitionInfo> known = infos.computeIfAbsent(topic, t -> consumer.partitionsFor(t, left(deadline)));
                if (known == null || known.stream().noneMatch(p -> p.partition() == partition)) {
                    return java.util.Optional.empty();
                }
                TopicPartition tp = new TopicPartition(topic, partition);
                consumer.assign(List.of(tp));
                long end = consumer.endOffsets(List.of(tp), left(deadline)).get(tp);
                if (offset >= end || offset < consumer.beginningOffsets(List.of(tp), left(deadline)).get(tp)) {
                    return java.util.Optional.empty();
                }
                consumer.seek(tp, offset);
                while (System.nanoTime() < deadline && consumer.position(tp, left(deadline)) < end) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(min(POLL, left(deadline)))) {
                        if (r.offset() >= offset) {
                            return r.offset() == offset ? java.util.Optional.of(r) : java.util.Optional.empty();
                        }
                    }
                }
                if (consumer.position(tp, left(deadline)) >= end) {
                    return java.util.Optional.empty(); // a transaction marker or an aborted record: no dead letter there
                }
                throw new DeadLettersUnavailableException("Kafka did not return " + topic + "-" + partition + "@" + offset
                        + " within " + bound.toSeconds() + " s", null);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                throw new DeadLettersUnavailableException("Kafka did not answer within " + bound.toSeconds() + " s: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, List<String> topics, long deadline) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, left(deadline));
            if (infos != null) {
                infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
        }
        return partitions;
    }

    /** Where a newest-first scan stops in each partition: its first offset at or after {@code since}, else its start. */
    private static Map<TopicPartition, Long> lowest(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions,
                                                    Instant since, Map<TopicPartition, Long> end, long deadline) {
        Map<TopicPartition, Long> low = new HashMap<>(consumer.beginningOffsets(partitions, left(deadline)));
        if (since != null) {
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(tp -> times.put(tp, since.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(times, left(deadline));
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp at = found.get(tp);
                low.put(tp, at == null ? end.get(tp) : Math.max(low.get(tp), at.offset()));
            }
        }
        return low;
    }

    private static void seek(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions, Instant since,
                             Map<TopicPartition, Long> end, long deadline) {
        if (since == null) {
            consumer.seekToBeginning(partitions);
            return;
        }
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(tp -> times.put(tp, since.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(times, left(deadline));
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp at = found.get(tp);
            consumer.seek(tp, at == null ? end.get(tp) : at.offset());
        }
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50); // a read ends at the log's end: never wait for more
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "switchboard-dlq-reader");
        return new KafkaConsumer<>(kafka.clientConfig(config), new StringDeserializer(), new ByteArrayDeserializer());
    }
}
