package dev.switchboard.core.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.contracts.topic.AgentTopics;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.core.config.WorkerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.consumer.RetriableCommitFailedException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A failed asynchronous offset commit must not stop the worker. Kafka's own consumer (AsyncKafkaConsumer) may hand the
 * callback of a failed commit {@code null} offsets — it did while a broker was down in ChaosIT, and the worker died
 * with a NullPointerException, so every later task of its agent waited for ever. The consumer here is Kafka's
 * {@link MockConsumer} whose async commits fail exactly so: the only stand-in, for a failure a real broker gives only
 * at random.
 */
class FailedCommitTest {

    /** Async commits that fail, with null offsets in the callback, as AsyncKafkaConsumer may report them. */
    private static final class FailingAsyncCommits extends MockConsumer<String, byte[]> {
        final AtomicInteger failedCommits = new AtomicInteger();

        FailingAsyncCommits() {
            super("earliest");
        }

        @Override
        public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
            failedCommits.incrementAndGet();
            if (callback != null) {
                callback.onComplete(null, new RetriableCommitFailedException("the group coordinator is not available"));
            }
        }
    }

    @Test
    void shouldKeepWorkingWhenAFailedAsyncCommitReportsNoOffsets() throws Exception {
        // Given a worker whose async offset commits fail with null offsets
        AgentTopics topics = TopicCatalogue.bundled().agent("sentiment");
        TopicPartition partition = new TopicPartition(topics.tasks().name(), 0);
        FailingAsyncCommits consumer = new FailingAsyncCommits();
        consumer.updateBeginningOffsets(Map.of(partition, 0L));
        consumer.updateEndOffsets(Map.of(partition, 2L));
        WorkerConfig config = WorkerConfig.custom().concurrency(2).commitInterval(Duration.ofMillis(10))
                .pollTimeout(Duration.ofMillis(20)).instanceId("w1").build();
        ConsumerGroupTaskSource source = new ConsumerGroupTaskSource(consumer, topics, config, Clock.systemUTC(),
                new QueueSignals(new SimpleMeterRegistry(), "sentiment", "w1", Clock.systemUTC()));
        List<Long> handled = new CopyOnWriteArrayList<>();
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(partition));
            consumer.addRecord(new ConsumerRecord<>(partition.topic(), 0, 0L, "job-1", new byte[0]));
        });
        source.start(new RecordHandler() {
            @Override
            public void handle(ConsumerRecord<String, byte[]> record, boolean mayHaveRunBefore) {
                handled.add(record.offset());
            }

            @Override
            public void poison(ConsumerRecord<String, byte[]> record, int crashes) {
            }
        });
        try {
            // When the first task is done and its commits keep failing
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 1 && consumer.failedCommits.get() >= 3);
            consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(partition.topic(), 0, 1L, "job-2", new byte[0])));

            // Then the worker is still running and takes the next task
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 2);
            assertThat(source.failure()).isNull();
            assertThat(source.isStopped()).isFalse();
        } finally {
            source.close(Duration.ofSeconds(5));
        }
        assertThat(handled).containsExactly(0L, 1L);
    }
}
