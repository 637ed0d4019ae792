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
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers each report to its job's callback URL. The orchestrator instances share the reports
 * topic as one consumer group, so each report is delivered by one instance; offsets are committed
 * after the batch's deliveries ended (at-least-once: receivers dedupe by {@code Switchboard-Job-Id}).
 * Each outcome is recorded as a {@code CALLBACK_DELIVERED} or {@code CALLBACK_FAILED} event. No
 * report stops it: an unreadable one is skipped and counted, a delivery that fails in any way is
 * logged. Supervised as {@value #PART}: each run has its own consumer and resumes from the group's
 * committed offsets.
 */
public final class CallbackDispatcher extends ConsumerLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallbackDispatcher.class);
    public static final String GROUP = "switchboard-orchestrator-callbacks";
    public static final String PART = "callback-dispatcher";
    static final Duration MANIFEST_WAIT = Duration.ofSeconds(30);

    private final KafkaSettings kafka;
    private final KafkaProducer<String, byte[]> producer;
    private final TopicCatalogue topics;
    private final JobView view;
    private final CallbackSender sender;
    private final Clock clock;
    private final MeterRegistry registry;
    private final ExecutorService deliveries = Executors.newFixedThreadPool(8, r -> {
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

    @Override
    protected void poll(KafkaConsumer<String, byte[]> c, Runnable up) throws InterruptedException {
        c.subscribe(Set.of(topics.reports().name()));
        up.run();
        while (!stopping()) {
            ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(500));
            if (records.isEmpty()) {
                continue;
            }
            List<Future<?>> batch = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                readReport(record).ifPresent(report -> batch.add(deliveries.submit(() -> deliver(report))));
            }
            for (Future<?> f : batch) {
                awaitDelivery(f);
            }
            c.commitSync();
        }
    }

    private static void awaitDelivery(Future<?> f) throws InterruptedException {
        try {
            f.get();
        } catch (ExecutionException e) {
            log.warn("A callback delivery failed: {}", String.valueOf(e.getCause()));
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

    private void deliver(Report report) {
        try {
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | StackOverflowError e) {
            log.warn("Callback for job {} could not be recorded: {}", report.jobId(), e.toString());
        }
    }

    private Optional<JobManifest> awaitManifest(Report report) throws InterruptedException {
        long deadline = System.nanoTime() + MANIFEST_WAIT.toNanos();
        while (true) {
            Optional<JobManifest> m = view.job(report.jobId()).map(JobSnapshot::manifest);
            if (m.isPresent() || System.nanoTime() > deadline || (view.caughtUp() && stopping())) {
                if (m.isEmpty()) {
                    log.warn("Report for job {} has no manifest in the view; no callback sent", report.jobId());
                }
                return m;
            }
            Thread.sleep(50);
        }
    }

    /** Releases the delivery threads and the producer; stop the loop first (its supervised part). */
    @Override
    public void close() {
        stop();
        deliveries.shutdownNow();
        producer.close(Duration.ofSeconds(5));
    }
}
