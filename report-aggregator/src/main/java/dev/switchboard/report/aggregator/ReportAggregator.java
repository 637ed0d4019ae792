package dev.switchboard.report.aggregator;

import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.lifecycle.Service;
import dev.switchboard.contracts.lifecycle.ServiceRunner;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the report topology as a Kafka Streams application with {@code exactly_once_v2}.
 *
 * <p>Supervision: a stream thread that dies is replaced at most {@link AggregatorConfig#maxThreadReplacements()} times
 * within {@link AggregatorConfig#threadReplacementWindow()}; after that the client shuts down. {@link #isHealthy()}
 * answers readiness, {@link #failure()} says why the aggregator stopped without {@link #close()} being called, and
 * the {@link ServiceRunner} then exits with status {@value #EXIT_FAILED} so a supervisor restarts it. The topics must
 * exist before it is constructed: the process provisions them first ({@link TopicProvisioner#provision}).
 */
public final class ReportAggregator implements Service {
    /** The exit status of {@link #main} when Kafka Streams stopped without a shutdown request. */
    public static final int EXIT_FAILED = 1;
    private static final Logger log = LoggerFactory.getLogger(ReportAggregator.class);
    private final KafkaStreams streams;
    /** Kafka Streams' own metrics (threads, tasks, state stores, its clients) in the process's registry. */
    private final KafkaStreamsMetrics streamsMetrics;
    private final CompletableFuture<KafkaStreams.State> failure = new CompletableFuture<>();
    private volatile boolean closeRequested;

    public ReportAggregator(KafkaSettings kafka, TopicCatalogue topics, AggregatorConfig config, MeterRegistry registry) {
        this(kafka, topics, config, registry, ReportBuilder.HEADLINES);
    }

    /** With another way to read a result's sentence: tests make it fail. */
    ReportAggregator(KafkaSettings kafka, TopicCatalogue topics, AggregatorConfig config, MeterRegistry registry,
                     java.util.function.Function<dev.switchboard.contracts.message.AgentResult, java.util.Optional<String>> headlines) {
        AggregatorMetrics metrics = new AggregatorMetrics(registry);
        this.streams = new KafkaStreams(ReportTopology.build(topics, config, metrics, headlines),
                AggregatorStreamsConfig.of(kafka, topics, config, metrics));
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        this.streamsMetrics.bindTo(registry);
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

    @Override
    public ReportAggregator start() {
        streams.start();
        return this;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public boolean isReady() {
        return isHealthy();
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
    public CompletableFuture<KafkaStreams.State> stoppedOnItsOwn() {
        return failure.copy();
    }

    /** Why Kafka Streams stopped without {@link #close()} being called, if it did. */
    @Override
    public Optional<Throwable> failure() {
        return failure.isDone()
                ? Optional.of(new IllegalStateException("the aggregator's Kafka Streams client stopped in state " + failure.join()))
                : Optional.empty();
    }

    /** Kafka Streams stopped without {@link #close()} being called: the process should exit with {@link #EXIT_FAILED}. */
    public boolean hasFailed() {
        return failure.isDone();
    }

    @Override
    public void close() {
        closeRequested = true;
        // leave the group: the next start (a restart with the same state) need not wait out this member's session (45 s)
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
        streamsMetrics.close();
    }

    /** Settings from {@code SWITCHBOARD_*}; runs until SIGTERM, or exits with {@value #EXIT_FAILED} if Kafka Streams stops. */
    public static void main(String[] args) {
        ConfigSource source = ConfigSource.fromEnvironment();
        KafkaSettings kafka = KafkaSettings.from(source);
        TopicCatalogue topics = TopicCatalogue.loadDefault();
        TopicProvisioner.provision(kafka, topics);
        ReportAggregator aggregator = new ReportAggregator(kafka, topics, AggregatorConfig.from(source), new SimpleMeterRegistry());
        System.exit(ServiceRunner.of(aggregator).run(() -> log.info("Report aggregator started")));
    }
}
