package dev.switchboard.orchestrator.callback;

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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers each report to its job's callback URL. The orchestrator instances share the reports
 * topic as one consumer group, so each report is delivered by one instance. Deliveries run
 * concurrently and independently (at most {@value #MAX_IN_FLIGHT} at once; the partitions are paused
 * while that many are open), so a slow or silent receiver delays only its own job's callback. A
 * partition is committed only up to its lowest record whose delivery has not ended (delivered, or
 * finally failed and recorded as a {@code CALLBACK_FAILED} event): at-least-once, and receivers dedupe
 * by {@code webhook-id}. A report waits for its manifest until the view has caught up; only a
 * caught-up view without the job means "no callback". An unreadable report is skipped and counted. A
 * delivery that crashes, or a commit that fails, ends the run with an exception: supervised as
 * {@value #PART}, the next run has a new consumer and resumes from the committed offsets, so the
 * uncommitted records are delivered again.
 */
public final class CallbackDispatcher extends ConsumerLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallbackDispatcher.class);
    public static final String GROUP = "switchboard-orchestrator-callbacks";
    public static final String PART = "callback-dispatcher";
    static final int MAX_IN_FLIGHT = 64;
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
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ExecutorService deliveries = Executors.newFixedThreadPool(MAX_IN_FLIGHT, r -> {
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
        Gauge.builder("switchboard.orchestrator.callbacks.in.flight", inFlight, AtomicInteger::get)
                .description("Callback deliveries that have not ended").register(registry);
    }

    @Override
    protected KafkaConsumer<String, byte[]> newConsumer() {
        return new KafkaConsumer<>(kafka.consumerProtocolConfig(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_IN_FLIGHT)), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** A delivery's end as seen by the poll thread: {@code failure} is null when it ended normally. */
    private record Ended(TopicPartition partition, long offset, Throwable failure) {
    }

    @Override
    protected void poll(KafkaConsumer<String, byte[]> c, Runnable up) throws InterruptedException {
        DeliveryOffsets offsets = new DeliveryOffsets();
        Queue<Ended> ended = new ConcurrentLinkedQueue<>();
        List<Future<?>> running = new ArrayList<>();
        c.subscribe(Set.of(topics.reports().name()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                drain(ended, offsets);
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
                        ended.add(new Ended(tp, record.offset(), null));
                        continue;
                    }
                    inFlight.incrementAndGet();
                    running.add(deliveries.submit(() -> {
                        try {
                            deliver(report.get());
                            ended.add(new Ended(tp, record.offset(), null));
                        } catch (Throwable t) {
                            ended.add(new Ended(tp, record.offset(), t));
                        } finally {
                            inFlight.decrementAndGet();
                        }
                    }));
                }
                running.removeIf(Future::isDone);
                Ended crashed = drain(ended, offsets);
                commit(c, offsets, c.assignment());
                if (crashed != null) {
                    throw new IllegalStateException("A callback delivery at " + crashed.partition() + "@" + crashed.offset()
                            + " crashed; restarting from the committed offsets", crashed.failure());
                }
                if (offsets.open() >= MAX_IN_FLIGHT) {
                    c.pause(c.assignment());
                } else if (!c.paused().isEmpty()) {
                    c.resume(c.paused());
                }
            }
        } finally {
            running.forEach(f -> f.cancel(true));
        }
    }

    /**
     * Applies the deliveries that ended; a crashed one stays open (never committed past) and is
     * returned, so that the run ends and its record is delivered again.
     */
    private static Ended drain(Queue<Ended> ended, DeliveryOffsets offsets) {
        Ended crashed = null;
        for (Ended e = ended.poll(); e != null; e = ended.poll()) {
            if (e.failure() == null) {
                offsets.ended(e.partition(), e.offset());
            } else if (crashed == null) {
                crashed = e;
            }
        }
        return crashed;
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
    private void deliver(Report report) throws Exception {
        Optional<JobManifest> manifest = awaitManifest(report);
        if (manifest.isEmpty() || manifest.get().callbackUrl() == null) {
            return;
        }
        byte[] body = topics.reports().valueSerde().serializer().serialize(topics.reports().name(), report);
        CallbackSender.Outcome outcome = sender.deliver(manifest.get().callbackUrl(), report.jobId().toString(), body);
        JobEvent.Type type = outcome.delivered() ? JobEvent.Type.CALLBACK_DELIVERED : JobEvent.Type.CALLBACK_FAILED;
        String message = outcome.detail() + " after " + outcome.attempts() + " attempt(s)";
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
     * The job's manifest once the view has it; empty only when the view has caught up and still lacks
     * it after {@link #CAUGHT_UP_GRACE}. Throws when the loop stops first, so the report stays undelivered.
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
