package dev.switchboard.core.internal.runtime;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.topic.AgentTopics;
import dev.switchboard.contracts.topic.RetryTier;
import dev.switchboard.core.config.Consumption;
import dev.switchboard.core.config.WorkerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Assembles {@code SWITCHBOARD_AGENT_CONSUMPTION=share} (decision 0038): the task topic on a share group named as the
 * consumer group would be, the retry tiers on a consumer group beside it ({@code <group>-retries}), because a share
 * group cannot hold a record back until it is due, and a consumer group can (it pauses the tier's partition).
 */
final class ShareModeSources {
    static final String RETRIES_SUFFIX = "-retries";

    private ShareModeSources() {
    }

    /** The consumer group of the worker's consumer: the agent's group, or in share mode the retry tiers' own group. */
    static String consumerGroupId(WorkerConfig config, String agent) {
        return config.consumption() == Consumption.SHARE ? config.groupIdFor(agent) + RETRIES_SUFFIX : config.groupIdFor(agent);
    }

    /**
     * The share-group source of the task topic, with a consumer-group source of the retry tiers on {@code retryConsumer}
     * (closed here when the agent has none). The retry part reports its queue signals as worker {@code <instance>-retries}.
     * Both run at most {@code concurrency} tasks together: their pools share one set of permits.
     */
    static TaskSource create(Consumer<String, byte[]> retryConsumer, KafkaSettings kafka, AgentTopics topics, WorkerConfig config,
                             Clock clock, QueueSignals signals, MeterRegistry registry, String clientId) {
        String group = config.groupIdFor(topics.agent());
        KafkaShareConsumer<String, byte[]> consumer = new KafkaShareConsumer<>(kafka.consumerProtocolConfig(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-share-consumer",
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit",
                // at most one record per free slot: what a poll acquires is locked, and waits for the whole poll's work
                ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.concurrency())),
                new StringDeserializer(), new ByteArrayDeserializer());
        ShareGroupAdmin admin = new ShareGroupAdmin(Admin.create(kafka.clientConfig(Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-share-admin"))), group, topics.tasks().name());
        // one budget of SWITCHBOARD_AGENT_CONCURRENCY runs for the share group and the retry tiers together
        Semaphore permits = new Semaphore(config.concurrency());
        TaskSource tasks = new ShareGroupTaskSource(consumer, admin, topics, config, clock, signals, permits);
        if (topics.retryTiers().isEmpty()) {
            retryConsumer.close();
            return tasks;
        }
        QueueSignals retrySignals = new QueueSignals(registry, topics.agent(), config.instanceId() + RETRIES_SUFFIX, clock);
        List<String> tiers = topics.retryTiers().stream().map(RetryTier::topic).map(t -> t.name()).toList();
        return new CombinedTaskSource(List.of(tasks,
                new ConsumerGroupTaskSource(retryConsumer, topics, tiers, config, clock, retrySignals,
                        WorkerPool.of(topics.agent() + RETRIES_SUFFIX, config.concurrency(), permits))));
    }
}
