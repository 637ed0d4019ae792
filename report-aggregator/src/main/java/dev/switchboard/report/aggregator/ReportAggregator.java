package dev.switchboard.report.aggregator;

import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the report topology as a Kafka Streams application with {@code exactly_once_v2}.
 *
 * <p>Supervision: a stream thread that dies is replaced at most {@link AggregatorConfig#maxThreadReplacements()} times
 * within {@link AggregatorConfig#threadReplacementWindow()}; after that the client shuts down. {@link #isHealthy()}
 * answers readiness, {@link #failure()} completes when the aggregator stopped without {@link #close()} being called,
 * and {@link #main} then exits with status {@value #EXIT_FAILED} so a supervisor restarts it.
 */
public final class ReportAggregator implements AutoCloseable {
    /** The exit status of {@link #main} when Kafka Streams stopped without a shutdown request. */
    public static final int EXIT_FAILED = 1;
    private static final Logger log = LoggerFactory.getLogger(ReportAggregator.class);
    private final KafkaStreams streams;
    private final CompletableFuture<KafkaStreams.State> failure = new CompletableFuture<>();
    private volatile boolean closeRequested;

    public ReportAggregator(KafkaSettings kafka, TopicCatalogue topics, AggregatorConfig config, MeterRegistry registry) {
        this(kafka, topics, config, registry, BuiltInContributors.all());
    }

    ReportAggregator(KafkaSettings kafka, TopicCatalogue topics, AggregatorConfig config, MeterRegistry registry,
                     List<SynthesisContributor> contributors) {
        try (Admin admin = Admin.create(kafka.clientConfig(Map.of()))) {
            new TopicProvisioner(admin).apply(topics);
        }
        AggregatorMetrics metrics = new AggregatorMetrics(registry);
        this.streams = new KafkaStreams(ReportTopology.build(topics, config, metrics, contributors),
                AggregatorStreamsConfig.of(kafka, topics, config, metrics));
        this.streams.setUncaughtExceptionHandler(new ThreadReplacementPolicy(config.maxThreadReplacements(),
                config.threadReplacementWindow(), Clock.systemUTC(), metrics));
        this.streams.setStateListener((now, before) -> {
            boolean stopped = now == KafkaStreams.State.ERROR || now == KafkaStreams.State.PENDING_ERROR
                    || now == KafkaStreams.State.PENDING_SHUTDOWN || now == KafkaStreams.State.NOT_RUNNING;
            if (stopped && !closeRequested && !failure.isDone()) {
                log.error("The aggregator's Kafka Streams went from {} to {} without a shutdown request", before, now);
                // completed off the stream thread, so a caller may close() from a dependent stage
                CompletableFuture.runAsync(() -> failure.complete(now));
            }
        });
    }

    public ReportAggregator start() {
        streams.start();
        return this;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Ready to aggregate: Kafka Streams is {@code RUNNING} or {@code REBALANCING}. */
    public boolean isHealthy() {
        KafkaStreams.State s = streams.state();
        return s == KafkaStreams.State.RUNNING || s == KafkaStreams.State.REBALANCING;
    }

    /**
     * Completes, with the state reached, when Kafka Streams stops without {@link #close()} being called (its client
     * shut down after repeated stream thread failures, or it reached {@code ERROR}); never completes otherwise.
     * Dependent stages run off the stream threads. A copy: completing it does not affect the aggregator.
     */
    public CompletableFuture<KafkaStreams.State> failure() {
        return failure.copy();
    }

    /** Kafka Streams stopped without {@link #close()} being called: the process should exit with {@link #EXIT_FAILED}. */
    public boolean hasFailed() {
        return failure.isDone();
    }

    @Override
    public void close() {
        closeRequested = true;
        streams.close(Duration.ofSeconds(30));
    }

    /** Settings from {@code SWITCHBOARD_*}; runs until SIGTERM, or exits with {@value #EXIT_FAILED} if Kafka Streams stops. */
    public static void main(String[] args) {
        ConfigSource source = ConfigSource.fromEnvironment();
        ReportAggregator aggregator = new ReportAggregator(KafkaSettings.from(source), TopicCatalogue.loadDefault(),
                AggregatorConfig.from(source), new SimpleMeterRegistry()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(aggregator::close, "switchboard-aggregator-shutdown"));
        log.info("Report aggregator started");
        KafkaStreams.State failed = aggregator.failure().join();
        log.error("Report aggregator stopped in state {}; exiting with status {} so a supervisor restarts it", failed, EXIT_FAILED);
        System.exit(EXIT_FAILED);
    }
}
