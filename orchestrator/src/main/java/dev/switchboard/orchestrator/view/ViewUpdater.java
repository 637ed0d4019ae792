package dev.switchboard.orchestrator.view;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.topic.Topic;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.orchestrator.health.ConsumerLoop;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of the jobs, results, events, reports and agents topics from the
 * beginning ({@code read_committed}, no consumer group) into the {@link JobView}. The view is
 * caught up once it has read to the end offsets seen at the first start. One record can never
 * stop it: an unreadable record (garbage, an unknown version) or one that fails to apply is skipped
 * and counted ({@code switchboard.orchestrator.view.skipped}), hostile values are clamped by
 * {@link ViewBounds}. Supervised as {@value #PART}: a new run resumes after the last record it
 * took, so a record in hand when a run died is skipped, not read again.
 */
public final class ViewUpdater extends ConsumerLoop {
    public static final String PART = "view-updater";
    /** How often the view is checked against its bounds besides every 10 000 records. */
    static final Duration EVICT_EVERY = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(ViewUpdater.class);

    private final KafkaSettings kafka;
    private final TopicCatalogue topics;
    private final JobView view;
    private final ViewBounds bounds;
    private final MeterRegistry registry;
    /** The next offset to read per partition, kept across runs. */
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private Map<TopicPartition, Long> catchUpEnds;
    /** The record being applied ({@code topic-partition@offset}) and its topic; set while a record is in hand. */
    private String inHand;
    private String inHandTopic;
    private long applied;
    /** {@link System#nanoTime()} of the last eviction. */
    private long evictedAt = System.nanoTime();
    /** While an undecided submit waits for the log: the jobs topic's end offsets asked for after {@link #outcomeMark}. */
    private Map<TopicPartition, Long> outcomeEnds;
    private long outcomeMark;

    public ViewUpdater(KafkaSettings kafka, TopicCatalogue topics, JobView view, ViewBounds bounds, MeterRegistry registry) {
        this.kafka = kafka;
        this.topics = topics;
        this.view = view;
        this.bounds = bounds;
        this.registry = registry;
    }

    @Override
    protected KafkaConsumer<String, byte[]> newConsumer() {
        return new KafkaConsumer<>(kafka.clientConfig(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "switchboard-orchestrator-view-" + System.identityHashCode(this))),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    protected void poll(KafkaConsumer<String, byte[]> c, Runnable up) {
        if (inHand != null) {
            skipped(inHandTopic, "died-applying");
            log.warn("Skipped the record at {}: the previous run of the view updater died applying it", inHand);
            inHand = null;
        }
        List<TopicPartition> partitions = assign(c);
        List<TopicPartition> jobPartitions = partitions.stream().filter(tp -> tp.topic().equals(topics.jobs().name())).toList();
        outcomeEnds = null; // asked of an earlier consumer: ask again
        if (catchUpEnds == null) {
            catchUpEnds = new HashMap<>(c.endOffsets(partitions));
        }
        up.run();
        while (!stopping()) {
            for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(200))) {
                positions.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                inHand = record.topic() + "-" + record.partition() + "@" + record.offset();
                inHandTopic = record.topic();
                apply(record, inHand);
                inHand = null;
                if (++applied % 10_000 == 0) {
                    evict();
                }
            }
            checkCaughtUp(c);
            checkOutcomes(c);
            jobPartitions.forEach(tp -> view.readTo(tp, c.position(tp))); // for the ingress's gate (decision 0036)
            if (System.nanoTime() - evictedAt > EVICT_EVERY.toNanos()) {
                evict();
            }
        }
    }

    private void evict() {
        evictedAt = System.nanoTime();
        int forgotten = view.evict();
        if (forgotten > 0) {
            log.info("Job view forgot {} job(s) by age or bounds; {} left, ~{} bytes", forgotten, view.size(), view.estimatedBytes());
        }
    }

    /**
     * For submits whose outcome is unknown: once their transactions are sealed, asks for the jobs topic's end offsets
     * (the last stable offsets, read_committed) and, once read up to them, tells the view which of those jobs never
     * came.
     */
    private void checkOutcomes(KafkaConsumer<String, byte[]> c) {
        if (outcomeEnds == null) {
            if (!view.awaitingLog()) {
                return;
            }
            outcomeMark = view.outcomeMark();
            outcomeEnds = new HashMap<>(c.endOffsets(c.assignment().stream()
                    .filter(tp -> tp.topic().equals(topics.jobs().name())).toList()));
        }
        outcomeEnds.entrySet().removeIf(e -> c.position(e.getKey()) >= e.getValue());
        if (outcomeEnds.isEmpty()) {
            outcomeEnds = null;
            view.readThrough(outcomeMark);
        }
    }

    private List<TopicPartition> assign(KafkaConsumer<String, byte[]> c) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(topics.jobs().name(), topics.results().name(), topics.events().name(),
                topics.reports().name(), topics.agents().name())) {
            for (PartitionInfo p : c.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
        }
        c.assign(partitions);
        for (TopicPartition tp : partitions) {
            Long next = positions.get(tp);
            if (next == null) {
                c.seekToBeginning(List.of(tp));
            } else {
                c.seek(tp, next);
            }
        }
        return partitions;
    }

    private void checkCaughtUp(KafkaConsumer<String, byte[]> c) {
        if (view.caughtUp()) {
            return;
        }
        catchUpEnds.entrySet().removeIf(e -> c.position(e.getKey()) >= e.getValue());
        if (catchUpEnds.isEmpty()) {
            view.markCaughtUp();
            log.info("Job view caught up: {} job(s)", view.size());
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record, String where) {
        if (record.value() == null) {
            return;
        }
        String t = record.topic();
        try {
            if (t.equals(topics.jobs().name())) {
                view.apply(bounds.manifest(read(topics.jobs(), record), where), record.timestamp());
            } else if (t.equals(topics.results().name())) {
                view.apply(bounds.result(read(topics.results(), record), where), record.timestamp());
            } else if (t.equals(topics.events().name())) {
                view.apply(bounds.event(read(topics.events(), record), where), record.offset(), record.timestamp());
            } else if (t.equals(topics.reports().name())) {
                view.apply(read(topics.reports(), record), record.timestamp(), record.value().length);
            } else if (t.equals(topics.agents().name())) {
                view.agents().register(bounds.registration(read(topics.agents(), record), where));
            }
        } catch (SerializationException e) {
            skipped(t, "unreadable");
            log.warn("Skipped an unreadable record at {}: {}", where, e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            skipped(t, "failed");
            log.warn("Skipped the record at {}: applying it to the job view failed: {}", where, e.toString());
        }
    }

    private void skipped(String topic, String reason) {
        Counter.builder("switchboard.orchestrator.view.skipped")
                .description("Records the job view skipped: unreadable, or failing to apply")
                .tag("topic", topic).tag("reason", reason).register(registry).increment();
    }

    private static <V> V read(Topic<String, V> topic, ConsumerRecord<String, byte[]> record) {
        return topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
    }
}
