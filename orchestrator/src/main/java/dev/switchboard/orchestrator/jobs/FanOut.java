package dev.switchboard.orchestrator.jobs;

import dev.switchboard.core.config.KafkaSettings;
import dev.switchboard.core.message.Document;
import dev.switchboard.core.message.JobEvent;
import dev.switchboard.core.message.JobManifest;
import dev.switchboard.core.message.Task;
import dev.switchboard.core.message.Versioned;
import dev.switchboard.core.topic.Topic;
import dev.switchboard.core.topic.TopicCatalogue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a job in ONE Kafka transaction: its manifest, one task per expected agent and a
 * {@code SUBMITTED} event. A {@code read_committed} reader sees all of them or none. A small pool
 * of transactional producers lets several submits commit at once.
 */
public final class FanOut implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FanOut.class);

    private final TopicCatalogue topics;
    private final KafkaSettings kafka;
    private final String transactionalPrefix;
    private final BlockingQueue<KafkaProducer<String, byte[]>> pool;
    private final List<KafkaProducer<String, byte[]>> all = new ArrayList<>();
    private final Consumer<JobManifest> beforeCommit;
    private int generation;

    public FanOut(KafkaSettings kafka, TopicCatalogue topics, String instanceId, int producers) {
        this(kafka, topics, instanceId, producers, m -> { });
    }

    /** {@code beforeCommit} runs inside the transaction, after every send: tests make it throw to abort. */
    FanOut(KafkaSettings kafka, TopicCatalogue topics, String instanceId, int producers, Consumer<JobManifest> beforeCommit) {
        this.kafka = kafka;
        this.topics = topics;
        this.transactionalPrefix = "switchboard-orchestrator-" + instanceId + "-";
        this.beforeCommit = beforeCommit;
        this.pool = new ArrayBlockingQueue<>(producers);
        for (int i = 0; i < producers; i++) {
            pool.add(newProducer());
        }
    }

    private synchronized KafkaProducer<String, byte[]> newProducer() {
        KafkaProducer<String, byte[]> p = new KafkaProducer<>(kafka.clientConfig(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalPrefix + (generation++),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.LINGER_MS_CONFIG, 0)), new StringSerializer(), new ByteArraySerializer());
        p.initTransactions();
        all.add(p);
        return p;
    }

    /** What to write for one job. */
    public record JobPlan(JobManifest manifest, Document document) {
    }

    /** Writes the job atomically; throws {@link FanOutException} when the transaction did not commit. */
    public void submit(JobPlan plan) {
        KafkaProducer<String, byte[]> producer;
        try {
            producer = pool.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FanOutException("Interrupted while waiting for a producer", e);
        }
        boolean healthy = true;
        try {
            producer.beginTransaction();
            JobManifest m = plan.manifest();
            String key = m.jobId().toString();
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            sent.add(send(producer, topics.jobs(), key, m));
            for (String agent : m.agents()) {
                Task task = new Task(Versioned.CURRENT_VERSION, m.jobId(), JobIds.taskId(m.jobId(), agent), agent, 1,
                        plan.document(), null, m.submittedAt(), m.deadline());
                sent.add(send(producer, topics.findAgent(agent).orElseGet(() -> topics.withAgent(agent).agent(agent)).tasks(), key, task));
            }
            sent.add(send(producer, topics.events(), key, JobEvent.ofJob(m.jobId(), JobEvent.Type.SUBMITTED,
                    String.join(",", m.agents()), Instant.now())));
            producer.flush(); // every record is on the broker, inside the open transaction
            beforeCommit.accept(m);
            producer.commitTransaction();
        } catch (ProducerFencedException e) {
            healthy = false;
            throw new FanOutException("The fan-out producer was fenced", e);
        } catch (KafkaException | IllegalStateException e) {
            healthy = abort(producer);
            throw new FanOutException("Kafka did not take the job: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            healthy = abort(producer);
            throw new FanOutException("The fan-out was aborted: " + e.getMessage(), e);
        } finally {
            if (healthy) {
                pool.add(producer);
            } else {
                replace(producer);
            }
        }
    }

    private <V> Future<RecordMetadata> send(KafkaProducer<String, byte[]> producer, Topic<String, V> topic, String key, V value) {
        return producer.send(new ProducerRecord<>(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value)));
    }

    private static boolean abort(KafkaProducer<String, byte[]> producer) {
        try {
            producer.abortTransaction();
            return true;
        } catch (RuntimeException e) {
            log.warn("Aborting a fan-out transaction failed; replacing the producer: {}", e.toString());
            return false;
        }
    }

    private void replace(KafkaProducer<String, byte[]> broken) {
        try {
            broken.close(java.time.Duration.ofSeconds(5));
        } catch (RuntimeException ignored) {
            // already broken
        }
        try {
            pool.add(newProducer());
        } catch (RuntimeException e) {
            log.error("Cannot create a new fan-out producer; capacity is reduced until restart", e);
        }
    }

    @Override
    public void close() {
        all.forEach(p -> {
            try {
                p.close(java.time.Duration.ofSeconds(5));
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        });
    }
}
