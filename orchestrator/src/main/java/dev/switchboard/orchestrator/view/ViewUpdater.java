package dev.switchboard.orchestrator.view;

import dev.switchboard.core.config.KafkaSettings;
import dev.switchboard.core.message.AgentRegistration;
import dev.switchboard.core.message.AgentResult;
import dev.switchboard.core.message.JobEvent;
import dev.switchboard.core.message.JobManifest;
import dev.switchboard.core.message.Report;
import dev.switchboard.core.topic.Topic;
import dev.switchboard.core.topic.TopicCatalogue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of the jobs, results, events, reports and agents topics from the
 * beginning ({@code read_committed}, no consumer group) into the {@link JobView}. The view is
 * caught up once it has read to the end offsets seen at start. Unreadable records are skipped and
 * counted, never fatal.
 */
public final class ViewUpdater implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ViewUpdater.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicCatalogue topics;
    private final JobView view;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile long skipped;

    public ViewUpdater(KafkaSettings kafka, TopicCatalogue topics, JobView view) {
        this.consumer = new KafkaConsumer<>(kafka.clientConfig(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "switchboard-orchestrator-view-" + System.identityHashCode(this))),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.topics = topics;
        this.view = view;
        this.thread = new Thread(this::run, "switchboard-job-view");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public long skippedRecords() {
        return skipped;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(topics.jobs().name(), topics.results().name(), topics.events().name(),
                    topics.reports().name(), topics.agents().name())) {
                for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
            long applied = 0;
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record);
                    if (++applied % 10_000 == 0) {
                        view.evict();
                    }
                }
                if (!view.caughtUp()) {
                    ends.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
                    if (ends.isEmpty()) {
                        view.markCaughtUp();
                        log.info("Job view caught up: {} job(s)", view.size());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("Job view stopped", e);
        } finally {
            consumer.close();
            stopped.countDown();
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        String t = record.topic();
        try {
            if (t.equals(topics.jobs().name())) {
                view.apply(read(topics.jobs(), record));
            } else if (t.equals(topics.results().name())) {
                view.apply(read(topics.results(), record));
            } else if (t.equals(topics.events().name())) {
                view.apply(read(topics.events(), record), record.offset());
            } else if (t.equals(topics.reports().name())) {
                view.apply(read(topics.reports(), record));
            } else if (t.equals(topics.agents().name())) {
                view.agents().register(read(topics.agents(), record));
            }
        } catch (SerializationException e) {
            skipped++;
            log.warn("Skipped an unreadable record at {}-{}@{}: {}", t, record.partition(), record.offset(), e.getMessage());
        }
    }

    private static <V> V read(Topic<String, V> topic, ConsumerRecord<String, byte[]> record) {
        return topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
    }

    @Override
    public void close() {
        if (!thread.isAlive() && stopped.getCount() > 0) {
            consumer.close();
            return;
        }
        running = false;
        consumer.wakeup();
        try {
            stopped.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
