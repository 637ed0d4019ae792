package dev.switchboard.orchestrator.jobs;

import dev.switchboard.core.config.KafkaSettings;
import dev.switchboard.core.message.Document;
import dev.switchboard.core.message.JobEvent;
import dev.switchboard.core.message.JobManifest;
import dev.switchboard.core.message.Task;
import dev.switchboard.core.message.Versioned;
import dev.switchboard.core.topic.Topic;
import dev.switchboard.core.topic.TopicCatalogue;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes jobs to Kafka transactionally: a job's manifest, one task per expected agent and a
 * {@code SUBMITTED} event commit together, so a {@code read_committed} reader sees all of them or
 * none. Group commit: submits wait in a queue and each of a few committer threads (one
 * transactional producer each) writes every job waiting when it is free, up to
 * {@link #MAX_BATCH_JOBS} jobs or {@link #MAX_BATCH_CHARS} characters of documents, in one
 * transaction. Under load many jobs share one transaction's round trips and commit markers; a
 * lone submit is written at once. A failed transaction fails every job of its batch, and none of
 * them is visible.
 */
public final class FanOut implements AutoCloseable {
    static final int MAX_BATCH_JOBS = 64;
    static final int MAX_BATCH_CHARS = 4 * 1024 * 1024;
    private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(FanOut.class);

    private final TopicCatalogue topics;
    private final KafkaSettings kafka;
    private final String transactionalPrefix;
    private final Consumer<JobManifest> beforeCommit;
    private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
    private final List<Committer> committers = new ArrayList<>();
    private final DistributionSummary batchJobs;
    private final Timer commitTime;
    private volatile boolean closed;
    private int generation;

    /** What to write for one job. */
    public record JobPlan(JobManifest manifest, Document document) {
    }

    private record Pending(JobPlan plan, CompletableFuture<Void> written) {
        int chars() {
            return plan.document().text().length();
        }
    }

    public FanOut(KafkaSettings kafka, TopicCatalogue topics, String instanceId, int producers, MeterRegistry registry) {
        this(kafka, topics, instanceId, producers, registry, m -> { });
    }

    /** {@code beforeCommit} runs inside the transaction, after every send: tests make it throw to abort. */
    FanOut(KafkaSettings kafka, TopicCatalogue topics, String instanceId, int producers, MeterRegistry registry,
           Consumer<JobManifest> beforeCommit) {
        this.batchJobs = DistributionSummary.builder("switchboard.orchestrator.fanout.batch.jobs")
                .description("Jobs written per fan-out transaction").register(registry);
        this.commitTime = Timer.builder("switchboard.orchestrator.fanout.transaction")
                .description("Time from beginTransaction to a finished commit or abort").register(registry);
        this.kafka = kafka;
        this.topics = topics;
        this.transactionalPrefix = "switchboard-orchestrator-" + instanceId + "-";
        this.beforeCommit = beforeCommit;
        for (int i = 0; i < producers; i++) {
            committers.add(new Committer(i, newProducer()));
        }
        committers.forEach(c -> c.thread.start());
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
        return p;
    }

    /** Writes the job atomically; throws {@link FanOutException} when its transaction did not commit. */
    public void submit(JobPlan plan) {
        if (closed) {
            throw new FanOutException("The fan-out is closed", null);
        }
        Pending pending = new Pending(plan, new CompletableFuture<>());
        waiting.add(pending);
        if (closed && waiting.remove(pending)) {
            throw new FanOutException("The fan-out is closed", null);
        }
        try {
            pending.written().get(SUBMIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof FanOutException f ? f : new FanOutException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new FanOutException("No answer from Kafka within " + SUBMIT_TIMEOUT + "; the job may or may not be written", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FanOutException("Interrupted while the job was being written; it may or may not be written", e);
        }
    }

    /** Jobs waiting for a committer (tests use it to line up a batch). */
    int queued() {
        return waiting.size();
    }

    /** One transactional producer and the thread that commits batches with it. */
    private final class Committer {
        private final Thread thread;
        private KafkaProducer<String, byte[]> producer;

        Committer(int index, KafkaProducer<String, byte[]> producer) {
            this.producer = producer;
            this.thread = new Thread(this::run, "switchboard-fanout-" + index);
            this.thread.setDaemon(true);
        }

        private void run() {
            while (!closed) {
                List<Pending> batch;
                try {
                    batch = nextBatch();
                } catch (InterruptedException e) {
                    break;
                }
                if (!batch.isEmpty()) {
                    write(batch);
                }
            }
        }

        private List<Pending> nextBatch() throws InterruptedException {
            List<Pending> batch = new ArrayList<>();
            Pending first = waiting.poll(100, TimeUnit.MILLISECONDS);
            if (first == null) {
                return batch;
            }
            batch.add(first);
            int chars = first.chars();
            Pending next;
            while (batch.size() < MAX_BATCH_JOBS && chars < MAX_BATCH_CHARS && (next = waiting.poll()) != null) {
                batch.add(next);
                chars += next.chars();
            }
            return batch;
        }

        private void write(List<Pending> batch) {
            batchJobs.record(batch.size());
            Timer.Sample took = Timer.start();
            boolean healthy = true;
            FanOutException failure = null;
            try {
                producer.beginTransaction();
                for (Pending p : batch) {
                    sendJob(producer, p.plan());
                }
                producer.flush(); // every record is on the broker, inside the open transaction
                batch.forEach(p -> beforeCommit.accept(p.plan().manifest()));
                producer.commitTransaction();
            } catch (ProducerFencedException e) {
                healthy = false;
                failure = new FanOutException("The fan-out producer was fenced", e);
            } catch (KafkaException | IllegalStateException e) {
                healthy = abort(producer);
                failure = new FanOutException("Kafka did not take the job: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                healthy = abort(producer);
                failure = new FanOutException("The fan-out was aborted: " + e.getMessage(), e);
            }
            took.stop(commitTime);
            if (!healthy) {
                replaceProducer();
            }
            for (Pending p : batch) {
                if (failure == null) {
                    p.written().complete(null);
                } else {
                    p.written().completeExceptionally(failure);
                }
            }
        }

        private void replaceProducer() {
            close(producer);
            try {
                producer = newProducer();
            } catch (RuntimeException e) {
                log.error("Cannot create a new fan-out producer; retrying with the next batch", e);
            }
        }
    }

    private void sendJob(KafkaProducer<String, byte[]> producer, JobPlan plan) {
        JobManifest m = plan.manifest();
        String key = m.jobId().toString();
        send(producer, topics.jobs(), key, m);
        for (String agent : m.agents()) {
            Task task = new Task(Versioned.CURRENT_VERSION, m.jobId(), JobIds.taskId(m.jobId(), agent), agent, 1,
                    plan.document(), null, m.submittedAt(), m.deadline());
            send(producer, topics.findAgent(agent).orElseGet(() -> topics.withAgent(agent).agent(agent)).tasks(), key, task);
        }
        send(producer, topics.events(), key, JobEvent.ofJob(m.jobId(), JobEvent.Type.SUBMITTED, String.join(",", m.agents()), Instant.now()));
    }

    private <V> void send(KafkaProducer<String, byte[]> producer, Topic<String, V> topic, String key, V value) {
        producer.send(new ProducerRecord<>(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value)));
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

    private static void close(KafkaProducer<String, byte[]> producer) {
        try {
            producer.close(Duration.ofSeconds(5));
        } catch (RuntimeException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Committer c : committers) {
            try {
                c.thread.join(Duration.ofSeconds(15).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Pending left;
        while ((left = waiting.poll()) != null) {
            left.written().completeExceptionally(new FanOutException("The orchestrator is shutting down; the job was not written", null));
        }
        committers.forEach(c -> close(c.producer));
    }
}
