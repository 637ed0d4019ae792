package dev.switchboard.report.aggregator;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.topic.TopicCatalogue;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The aggregator's Kafka Streams settings, in one place so {@code TopologyTestDriver} tests run with the production
 * handlers. Internal topics (the stores' changelogs) get {@code topics.yaml}'s replication factor and record limit,
 * the producer may send records up to that limit, processing and production errors skip one record instead of killing
 * the thread, the handlers find the aggregator's metrics under {@link #METRICS_CONFIG}, and the RocksDB stores share
 * one bounded amount of memory ({@link BoundedRocksDbConfig}).
 */
final class AggregatorStreamsConfig {
    /** Not a Kafka setting: the {@link AggregatorMetrics} the exception handlers count into. */
    static final String METRICS_CONFIG = "switchboard.aggregator.metrics";

    private AggregatorStreamsConfig() {
    }

    static Properties of(KafkaSettings kafka, TopicCatalogue topics, AggregatorConfig config, AggregatorMetrics metrics) {
        Properties props = new Properties();
        props.putAll(kafka.clientConfig(Map.of()));
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) topics.defaultReplicationFactor());
        props.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), Integer.toString(topics.maxMessageBytes()));
        topics.producerSizeConfig().forEach((key, value) -> props.put(StreamsConfig.producerPrefix(key), value));
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        // manifests and results need no timestamp-ordered merge (a result before its manifest waits in the store), so do
        // not idle a task for an empty partition; the stores cache, so a job that completes within one commit interval
        // writes its state once to RocksDB and the changelog instead of once per record
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, SkipRecordProcessingHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DropRecordProductionHandler.class);
        props.put(METRICS_CONFIG, metrics);
        // every store's RocksDB in one bounded, shared pool of off-heap memory (SWITCHBOARD_AGGREGATOR_ROCKSDB_MEMORY)
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class);
        props.put(BoundedRocksDbConfig.MEMORY_CONFIG, config.rocksDbMemory());
        if (config.stateDir() != null) {
            props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir());
        }
        return props;
    }

    static AggregatorMetrics metricsFrom(Map<String, ?> configs) {
        if (configs.get(METRICS_CONFIG) instanceof AggregatorMetrics metrics) {
            return metrics;
        }
        throw new IllegalStateException("The aggregator's exception handlers need '" + METRICS_CONFIG
                + "'; build the Kafka Streams settings with AggregatorStreamsConfig.of");
    }
}
