package dev.switchboard.orchestrator.callback;

import dev.switchboard.core.config.KafkaSettings;
import dev.switchboard.core.message.JobEvent;
import dev.switchboard.core.message.JobManifest;
import dev.switchboard.core.message.Report;
import dev.switchboard.core.topic.TopicCatalogue;
import dev.switchboard.orchestrator.view.JobSnapshot;
import dev.switchboard.orchestrator.view.JobView;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
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
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
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
 * Each outcome is recorded as a {@code CALLBACK_DELIVERED} or {@code CALLBACK_FAILED} event.
 */
public final class CallbackDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallbackDispatcher.class);
    public static final String GROUP = "switchboard-orchestrator-callbacks";
    static final Duration MANIFEST_WAIT = Duration.ofSeconds(30);

    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final TopicCatalogue topics;
    private final JobView view;
    private final CallbackSender sender;
    private final Clock clock;
    private final ExecutorService deliveries = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "switchboard-callback");
        t.setDaemon(true);
        return t;
    });
    private final Thread thread = new Thread(this::run, "switchboard-callback-dispatcher");
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;

    public CallbackDispatcher(KafkaSettings kafka, TopicCatalogue topics, JobView view, CallbackSender sender, Clock clock) {
        this.consumer = new KafkaConsumer<>(kafka.consumerProtocolConfig(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 64)), new StringDeserializer(), new ByteArrayDeserializer());
        this.producer = new KafkaProducer<>(kafka.clientConfig(Map.of(
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)),
                new StringSerializer(), new ByteArraySerializer());
        this.topics = topics;
        this.view = view;
        this.sender = sender;
        this.clock = clock;
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        try {
            consumer.subscribe(Set.of(topics.reports().name()));
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                List<Future<?>> batch = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : records) {
                    readReport(record).ifPresent(report -> batch.add(deliveries.submit(() -> deliver(report))));
                }
                for (Future<?> f : batch) {
                    f.get();
                }
                consumer.commitSync();
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.error("Callback dispatcher stopped", e);
        } finally {
            consumer.close();
            stopped.countDown();
        }
    }

    private Optional<Report> readReport(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(topics.reports().valueSerde().deserializer().deserialize(record.topic(), record.value()));
        } catch (SerializationException e) {
            log.warn("Skipped an unreadable report at offset {}: {}", record.offset(), e.getMessage());
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
        } catch (Exception e) {
            log.warn("Callback for job {} could not be recorded: {}", report.jobId(), e.toString());
        }
    }

    private Optional<JobManifest> awaitManifest(Report report) throws InterruptedException {
        long deadline = System.nanoTime() + MANIFEST_WAIT.toNanos();
        while (true) {
            Optional<JobManifest> m = view.job(report.jobId()).map(JobSnapshot::manifest);
            if (m.isPresent() || System.nanoTime() > deadline || (view.caughtUp() && !running)) {
                if (m.isEmpty()) {
                    log.warn("Report for job {} has no manifest in the view; no callback sent", report.jobId());
                }
                return m;
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            if (thread.isAlive()) {
                stopped.await(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deliveries.shutdownNow();
        producer.close(Duration.ofSeconds(5));
    }
}
