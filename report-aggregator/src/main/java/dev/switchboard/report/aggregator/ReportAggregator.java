package dev.switchboard.report.aggregator;

import dev.switchboard.core.config.ConfigSource;
import dev.switchboard.core.config.KafkaSettings;
import dev.switchboard.core.topic.TopicCatalogue;
import dev.switchboard.core.topic.TopicProvisioner;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the report topology as a Kafka Streams application with {@code exactly_once_v2}. */
public final class ReportAggregator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReportAggregator.class);
    private final KafkaStreams streams;

    public ReportAggregator(KafkaSettings kafka, TopicCatalogue topics, AggregatorConfig config, MeterRegistry registry) {
        try (Admin admin = Admin.create(kafka.clientConfig(Map.of()))) {
            new TopicProvisioner(admin).apply(topics);
        }
        Properties props = new Properties();
        props.putAll(kafka.clientConfig(Map.of()));
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        // manifests and results need no timestamp-ordered merge (a result before its manifest waits in the store), so do
        // not idle a task for an empty partition; the stores cache, so a job that completes within one commit interval
        // writes its state once to RocksDB and the changelog instead of once per record
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        props.put("processing.exception.handler.global.enabled", true);
        if (config.stateDir() != null) {
            props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir());
        }
        this.streams = new KafkaStreams(ReportTopology.build(topics, config, registry), props);
        this.streams.setUncaughtExceptionHandler(e -> {
            log.error("Aggregator stream thread failed; replacing it", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    public ReportAggregator start() {
        streams.start();
        return this;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }

    /** Settings from {@code SWITCHBOARD_*}; runs until SIGTERM. */
    public static void main(String[] args) throws InterruptedException {
        ConfigSource source = ConfigSource.fromEnvironment();
        ReportAggregator aggregator = new ReportAggregator(KafkaSettings.from(source), TopicCatalogue.loadDefault(),
                AggregatorConfig.from(source), new SimpleMeterRegistry()).start();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            aggregator.close();
            stop.countDown();
        }, "switchboard-aggregator-shutdown"));
        log.info("Report aggregator started");
        stop.await();
    }
}
