package dev.switchboard.core.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.contracts.topic.AgentTopics;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.core.config.Consumption;
import dev.switchboard.core.config.WorkerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.AlterConfigsResult;
import org.apache.kafka.clients.admin.ForwardingAdmin;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockShareConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * A record whose lock renewal was lost may be delivered again to the worker still running it. It must not run a
 * second time, and the run's outcome must acknowledge the delivery in hand. A lost renewal is a failure a real broker
 * gives only at random, so the consumer here is Kafka's {@link MockShareConsumer}, acting as a broker would: a record
 * acknowledged {@code RENEW} comes back in the next poll, unless the test makes that renewal get lost.
 */
class ShareRedeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int LOCK_MS = 200;

    /** Hands out queued deliveries; records each acknowledgement as {@code offset@delivery:TYPE}. */
    private static final class Broker extends MockShareConsumer<String, byte[]> {
        final LinkedBlockingQueue<ConsumerRecord<String, byte[]>> queued = new LinkedBlockingQueue<>();
        final List<String> acks = new CopyOnWriteArrayList<>();
        final Set<Long> loseNextRenewal = ConcurrentHashMap.newKeySet();

        @Override
        public Optional<Integer> acquisitionLockTimeoutMs() {
            return Optional.of(LOCK_MS);
        }

        @Override
        public ConsumerRecords<String, byte[]> poll(Duration timeout) {
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            try {
                ConsumerRecord<String, byte[]> first = queued.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (first != null) {
                    records.add(first);
                    queued.drainTo(records);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return records.isEmpty() ? ConsumerRecords.empty()
                    : new ConsumerRecords<>(Map.of(new TopicPartition(records.get(0).topic(), 0), records), Map.of());
        }

        @Override
        public synchronized void acknowledge(ConsumerRecord<String, byte[]> record, AcknowledgeType type) {
            acks.add(record.offset() + "@" + record.deliveryCount().orElseThrow() + ":" + type.name());
            if (type == AcknowledgeType.RENEW && !loseNextRenewal.remove(record.offset())) {
                queued.add(record);
            }
        }

        long count(String ack) {
            return acks.stream().filter(ack::equals).count();
        }
    }

    /** An admin whose group configs are set at once; the backlog questions go nowhere (and fail quietly). */
    private static final class ConfiguringAdmin extends ForwardingAdmin {
        ConfiguringAdmin() {
            super(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 500, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 400));
        }

        @Override
        public AlterConfigsResult incrementalAlterConfigs(Map<ConfigResource, Collection<AlterConfigOp>> configs,
                                                          AlterConfigsOptions options) {
            try {
                var done = AlterConfigsResult.class.getDeclaredConstructor(Map.class);
                done.setAccessible(true);
                return done.newInstance(Map.of());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void shouldNotRunARecordAgainWhenItComesBackWhileItsFirstRunGoesOn() throws Exception {
        // Given a share worker of three threads running two records that hold on, whose first renewal of offset 0 is lost
        AgentTopics topics = TopicCatalogue.bundled().agent("sentiment");
        Broker broker = new Broker();
        broker.loseNextRenewal.add(0L);
        WorkerConfig config = WorkerConfig.custom().concurrency(3).pollTimeout(Duration.ofMillis(20))
                .drainTimeout(Duration.ofSeconds(1)).instanceId("w1").consumption(Consumption.SHARE).build();
        ShareGroupTaskSource source = new ShareGroupTaskSource(broker,
                new ShareGroupAdmin(new ConfiguringAdmin(), "g", topics.tasks().name()), topics, config, Clock.systemUTC(),
                new QueueSignals(new SimpleMeterRegistry(), "sentiment", "w1", Clock.systemUTC()), new Semaphore(3));
        List<Long> runs = new CopyOnWriteArrayList<>();
        CountDownLatch finish = new CountDownLatch(1);
        source.start(new RecordHandler() {
            @Override
            public void handle(ConsumerRecord<String, byte[]> record, boolean mayHaveRunBefore) throws Exception {
                runs.add(record.offset());
                finish.await();
            }

            @Override
            public void poison(ConsumerRecord<String, byte[]> record, int crashes) {
            }
        });
        try {
            broker.queued.add(delivery(topics, 0, 1));
            broker.queued.add(delivery(topics, 1, 1));

            // When offset 1 was renewed four times (so the lost renewal of offset 0 is over a lock old),
            // and offset 0 is delivered to this worker again
            await().atMost(WAIT).until(() -> broker.count("1@1:RENEW") >= 4);
            broker.queued.add(delivery(topics, 0, 2));
            await().atMost(WAIT).until(() -> broker.count("0@2:RENEW") >= 1);

            // Then it is not run a second time, and once its run ends, that run acknowledges the second delivery once
            assertThat(runs).containsExactlyInAnyOrder(0L, 1L);
            finish.countDown();
            await().atMost(WAIT).until(() -> broker.count("0@2:ACCEPT") == 1);
            assertThat(runs).containsExactlyInAnyOrder(0L, 1L);
            assertThat(broker.acks).doesNotContain("0@1:ACCEPT");
        } finally {
            finish.countDown();
            source.close(Duration.ofSeconds(1));
        }
    }

    private static ConsumerRecord<String, byte[]> delivery(AgentTopics topics, long offset, int count) {
        return new ConsumerRecord<>(topics.tasks().name(), 0, offset, System.currentTimeMillis(), TimestampType.CREATE_TIME,
                0, 0, "job-" + offset, new byte[0], new RecordHeaders(), Optional.empty(), Optional.of((short) count));
    }
}
