package dev.switchboard.orchestrator.callback;

import dev.switchboard.observability.tracing.KafkaTraceHeaders;
import dev.switchboard.observability.tracing.LogContext;
import dev.switchboard.observability.tracing.SpanScope;
import dev.switchboard.observability.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.orchestrator.health.ConsumerLoop;
import dev.switchboard.orchestrator.port.JobSnapshot;
import dev.switchboard.orchestrator.view.JobView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers each report to its job's callback URL. The orchestrator instances share the reports
 * topic as one consumer group, so each report is delivered by one instance. Deliveries run
 * concurrently and independently on {@value #THREADS} threads, at most {@value #PER_TARGET} at once per
 * target {@code host:port} ({@link HostGate}): a delivery over its target's cap is parked, holding no
 * thread, until one of that target ends. So silent receivers hold at most {@value #PER_TARGET} threads
 * each and the other jobs' callbacks keep going. The partitions are paused only while more than
 * {@value #MAX_OPEN} records (or {@value #MAX_OPEN_BYTES} bytes of them) are open, running or parked.
 * A partition is committed only up to its lowest record whose delivery has not ended (delivered, or
 * finally failed and recorded as a {@code CALLBACK_FAILED} event): at-least-once, and receivers dedupe
 * by {@code webhook-id}. Each revision of a job's report is its own record, delivered once like any other, with its
 * own {@code webhook-id} and a {@code Switchboard-Revision} header (decision 0025); revisions may reach a receiver out
 * of order, which keeps the highest.
 *
 * <p>The target travels with the report: the aggregator sets the {@link Report#CALLBACK_URL_HEADER}
 * header (empty: no callback), so a report is delivered even when the view no longer holds its job.
 * Only a report without the header (written by an older aggregator) waits for its manifest in the view
 * until the view has caught up; then a caught-up view without the job means "no callback". An
 * unreadable report is skipped and counted. A delivery that crashes (wherever its end is seen, also in
 * a rebalance callback) or a commit that fails ends the run with an exception: supervised as
 * {@value #PART}, the next run has a new consumer and resumes from the committed offsets, so the
 * uncommitted records are delivered again.
 */
public final class CallbackDispatcher extends ConsumerLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallbackDispatcher.class);
    public static final String GROUP = "switchboard-orchestrator-callbacks";
    public static final String PART = "callback-dispatcher";
    /** Delivery threads, shared by all targets. */
    static final int THREADS = 128;
    /** Deliveries at once to one {@code host:port}; more are parked. */
    static final int PER_TARGET = 8;
    /** Open records (running, parked or waiting for a manifest) over which the partitions are paused. */
    static final int MAX_OPEN = 1024;
    /** Bytes of open reports over which the partitions are paused. */
    static final long MAX_OPEN_BYTES = 64L * 1024 * 1024;
    /** After the view caught up, how long a report still waits for a manifest that is on its way. */
    static final Duration CAUGHT_UP_GRACE = Duration.ofSeconds(2);
    static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(15);

    private final KafkaSettings kafka;
    private final KafkaProducer<String, byte[]> producer;
    private final TopicCatalogue topics;
    private final JobView view;
    private final CallbackSender sender;
    private final Clock clock;
    private final MeterRegistry registry;
    /** The open deliveries of the current run (a run's stragglers count against their own run only). */
    private volatile Load load = new Load();
    private final ExecutorService deliveries = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "switchboard-callback");
        t.setDaemon(true);
        return t;
    });

    public CallbackDispatcher(KafkaSettings kafka, TopicCatalogue topics, JobView view, CallbackSender sender, Clock clock,
                              MeterRegistry registry) {
        this.kafka = kafka;
        Map<String, Object> producerConfig = new HashMap<>(topics.producerSizeConfig());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(kafka.clientConfig(producerConfig), new StringSerializer(), new ByteArraySerializer());
        this.topics = topics;
        this.view = view;
        this.sender = sender;
        this.clock = clock;
        this.registry = registry;
        Gauge.builder("switchboard.orchestrator.callbacks.in.flight", this, d -> d.load.deliveries.get())
                .description("Callback deliveries that have not ended, running or parked").register(registry);
    }

    @Override
    protected KafkaConsumer<String, byte[]> newConsumer() {
        return new KafkaConsumer<>(kafka.consumerProtocolConfig(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 64)), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Deliveries that have not ended, running or parked, and the bytes of their reports. */
    private static final class Load {
        final AtomicInteger deliveries = new AtomicInteger();
        final AtomicLong bytes = new AtomicLong();
    }

    @Override
    protected void poll(KafkaConsumer<String, byte[]> c, Runnable up) throws InterruptedException {
        Load run = new Load();
        load = run;
        DeliveryOffsets offsets = new DeliveryOffsets();
        EndedDeliveries ended = new EndedDeliveries();
        HostGate gate = new HostGate(PER_TARGET, deliveries);
        c.subscribe(Set.of(topics.reports().name()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                ended.drainInto(offsets); // a crash drained here is kept: the loop ends the run at its next check
                commit(c, offsets, partitions); // a crashed delivery stays open, so it is not committed past
                offsets.forget(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                offsets.forget(partitions);
            }
        });
        up.run();
        try {
            while (!stopping()) {
                ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, byte[]> record : records) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    offsets.started(tp, record.offset());
                    Optional<Report> report = readReport(record);
                    if (report.isEmpty()) {
                        ended.ended(tp, record.offset());
                        continue;
                    }
                    dispatch(gate, ended, run, tp, record, report.get());
                }
                ended.drainInto(offsets);
                commit(c, offsets, c.assignment());
                Optional<EndedDeliveries.Ended> crashed = ended.crash();
                if (crashed.isPresent()) {
                    throw new IllegalStateException("A callback delivery at " + crashed.get().partition() + "@"
                            + crashed.get().offset() + " crashed; restarting from the committed offsets", crashed.get().failure());
                }
                if (offsets.open() >= MAX_OPEN || run.bytes.get() >= MAX_OPEN_BYTES) {
                    c.pause(c.assignment());
                } else if (!c.paused().isEmpty()) {
                    c.resume(c.paused());
                }
            }
        } finally {
            gate.close();
        }
    }

    /**
     * Starts the delivery of one report: straight to its target's gate when the record names the
     * target, else after the view had its manifest (on a delivery thread, outside any target's cap).
     */
    private void dispatch(HostGate gate, EndedDeliveries ended, Load run, TopicPartition tp,
                          ConsumerRecord<String, byte[]> record, Report report) {
        long offset = record.offset();
        int bytes = record.value().length;
        run.deliveries.incrementAndGet();
        run.bytes.addAndGet(bytes);
        Runnable done = () -> {
            run.deliveries.decrementAndGet();
            run.bytes.addAndGet(-bytes);
            ended.ended(tp, offset);
        };
        Consumer<Throwable> crash = t -> {
            run.deliveries.decrementAndGet();
            run.bytes.addAndGet(-bytes);
            ended.crashed(tp, offset, t);
        };
        Context trace = KafkaTraceHeaders.extract(record.headers()); // the report's: the delivery continues the job's trace
        Header header = record.headers().lastHeader(Report.CALLBACK_URL_HEADER);
        if (header != null) {
            String url = header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
            if (url.isEmpty()) {
                done.run();
            } else {
                gate.submit(HostGate.target(url), () -> send(url, report, trace, done, crash));
            }
            return;
        }
        gate.run(() -> {
            try {
                Optional<String> url = awaitManifest(report).map(JobManifest::callbackUrl);
                if (url.isEmpty()) {
                    done.run();
                } else {
                    gate.submit(HostGate.target(url.get()), () -> send(url.get(), report, trace, done, crash));
                }
            } catch (Throwable t) {
                crash.accept(t);
            }
        });
    }

    private void send(String url, Report report, Context trace, Runnable done, Consumer<Throwable> crash) {
        try (SpanScope span = SpanScope.start(Tracing.tracer().spanBuilder("callback").setSpanKind(SpanKind.CLIENT)
                .setAttribute("switchboard.job.id", report.jobId().toString()).setAttribute("http.request.method", "POST"), trace);
             LogContext job = LogContext.put(LogContext.JOB_ID, report.jobId())) {
            try {
                deliver(url, report);
                done.run();
            } catch (Throwable t) {
                span.fail(t);
                crash.accept(t);
            }
        }
    }

    private static void commit(KafkaConsumer<String, byte[]> c, DeliveryOffsets offsets, Collection<TopicPartition> among) {
        Map<TopicPartition, OffsetAndMetadata> moved = offsets.toCommit(among);
        if (!moved.isEmpty()) {
            c.commitSync(moved, COMMIT_TIMEOUT);
            offsets.committed(moved);
        }
    }

    private Optional<Report> readReport(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(topics.reports().valueSerde().deserializer().deserialize(record.topic(), record.value()));
        } catch (RuntimeException e) {
            Counter.builder("switchboard.orchestrator.callbacks.skipped")
                    .description("Reports the callback dispatcher could not read").register(registry).increment();
            log.warn("Skipped an unreadable report at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Delivers one report and records the outcome; returns only once both ended, throws if either could not. */
    private void deliver(String url, Report report) throws Exception {
        byte[] body = topics.reports().valueSerde().serializer().serialize(topics.reports().name(), report);
        CallbackSender.Outcome outcome = sender.deliver(url, report.jobId().toString(), report.revision(), body);
        JobEvent.Type type = outcome.delivered() ? JobEvent.Type.CALLBACK_DELIVERED : JobEvent.Type.CALLBACK_FAILED;
        String message = (report.isAmendment() ? "revision " + report.revision() + ": " : "")
                + outcome.detail() + " after " + outcome.attempts() + " attempt(s)";
        if (!outcome.delivered()) {
            Span.current().setAttribute(SpanScope.ERROR_TYPE, "undelivered").setStatus(StatusCode.ERROR, message);
        }
        if (outcome.delivered()) {
            log.info("Callback for job {} delivered: {}", report.jobId(), message);
        } else {
            log.warn("Callback for job {} failed: {}", report.jobId(), message);
        }
        JobEvent event = JobEvent.ofJob(report.jobId(), type, message, clock.instant());
        producer.send(new ProducerRecord<>(topics.events().name(), report.jobId().toString(),
                topics.events().valueSerde().serializer().serialize(topics.events().name(), event))).get(30, TimeUnit.SECONDS);
    }

    /**
     * For a report without the {@link Report#CALLBACK_URL_HEADER} header: the job's manifest once the view
     * has it; empty only when the view has caught up and still lacks it after {@link #CAUGHT_UP_GRACE}.
     * Throws when the loop stops first, so the report stays undelivered.
     */
    private Optional<JobManifest> awaitManifest(Report report) throws InterruptedException {
        long caughtUpAt = 0;
        while (!stopping()) {
            Optional<JobManifest> m = view.job(report.jobId()).map(JobSnapshot::manifest);
            if (m.isPresent()) {
                return m;
            }
            if (view.caughtUp()) {
                long now = System.nanoTime();
                if (caughtUpAt == 0) {
                    caughtUpAt = now;
                } else if (now - caughtUpAt > CAUGHT_UP_GRACE.toNanos()) {
                    log.warn("Report for job {} has no manifest in the caught-up view; no callback sent", report.jobId());
                    return Optional.empty();
                }
            }
            Thread.sleep(50);
        }
        throw new InterruptedException("stopped before the view had the manifest of job " + report.jobId());
    }

    /** Releases the delivery threads, the HTTP client and the producer; stop the loop first (its supervised part). */
    @Override
    public void close() {
        stop();
        deliveries.shutdownNow();
        sender.close();
        producer.close(Duration.ofSeconds(5));
    }
}
