package dev.switchboard.orchestrator.jobs;

import dev.switchboard.orchestrator.port.FanOutException;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.orchestrator.health.Supervisor;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes jobs to Kafka transactionally: a job's manifest, one task per expected agent and a
 * {@code SUBMITTED} event commit together, so a {@code read_committed} reader sees all of them or
 * none. Group commit: submits wait in a queue and each of a few {@link Committer}s (one
 * transactional producer each, supervised as {@code fanout-committer-<n>}) writes every job waiting
 * when it is free, up to {@link #MAX_BATCH_JOBS} jobs or {@link #MAX_BATCH_BYTES} bytes, in one
 * transaction; the jobs of a batch submit ({@link #submitAll}) are queued together. Records are serialized and size-checked before they are queued ({@link JobRecords});
 * a job whose record Kafka still refuses fails alone and the rest of its batch is written again
 * without it. Any other failed transaction fails every job of its batch, and none of them is visible.
 */
public final class FanOut implements JobWriter, AutoCloseable {
    /** As many jobs as one batch submit carries (decision 0037): a batch fits one transaction unless the bytes do not. */
    static final int MAX_BATCH_JOBS = 1_000;
    static final long MAX_BATCH_BYTES = 16L * 1024 * 1024;
    /** Readiness check and thread name of committer {@code n}: {@code fanout-committer-<n>}. */
    public static final String PART_PREFIX = "fanout-committer-";
    private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(60);
    /**
     * The fan-out producers' {@code transaction.timeout.ms}: how long a transaction left open by a
     * killed orchestrator can hold back {@code read_committed} readers when no producer with its id
     * starts again. A committer's transaction takes milliseconds (sends, flush, commit).
     */
    static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
    private final List<Supervisor.Part> committers = new ArrayList<>();
    private final Fencing fencing;
    private final Duration submitTimeout;
    private volatile boolean closed;

    /**
     * One queued job, the future its submitter waits on, and {@code decided}: completes normally once the job's
     * transaction has a fate on the broker (committed, or sealed after an unknown outcome), exceptionally once the job
     * is known not written. A job taken from the queue is the committer's; one still queued can be withdrawn.
     */
    record Pending(JobRecords job, CompletableFuture<Void> written, CompletableFuture<Void> decided) {
        Pending(JobRecords job, CompletableFuture<Void> written) {
            this(job, written, new CompletableFuture<>());
        }

        void complete() {
            written.complete(null);
            decided.complete(null);
        }

        /** Known not written; no effect on a job already answered (committed, or answered "unknown"). */
        void fail(FanOutException e) {
            if (written.completeExceptionally(e)) {
                decided.completeExceptionally(e);
            }
        }

        /** The commit was attempted and its outcome is open: the submitter hears so; {@link #seal} follows. */
        void unknown(RuntimeException cause) {
            written.completeExceptionally(new UndecidedWriteException("Kafka did not confirm the commit: " + cause.getMessage(),
                    cause, decided));
        }

        /** The transaction's fate is sealed on the broker: a read of the log from now on shows whether it committed. */
        void seal() {
            decided.complete(null);
        }
    }

    public FanOut(KafkaSettings kafka, TopicCatalogue topics, String instanceId, int producers, MeterRegistry registry,
                  Supervisor supervisor) {
        this(kafka, topics, instanceId, producers, registry, supervisor, m -> { });
    }

    /** {@code beforeCommit} runs inside the transaction, after every send: tests make it throw to abort. */
    FanOut(KafkaSettings kafka, TopicCatalogue topics, String instanceId, int producers, MeterRegistry registry,
           Supervisor supervisor, Consumer<JobManifest> beforeCommit) {
        this(kafka, topics, instanceId, producers, registry, supervisor, beforeCommit, SUBMIT_TIMEOUT);
    }

    /** {@code submitTimeout}: how long a submit waits for its job's commit (tests shorten it). */
    FanOut(KafkaSettings kafka, TopicCatalogue topics, String instanceId, int producers, MeterRegistry registry,
           Supervisor supervisor, Consumer<JobManifest> beforeCommit, Duration submitTimeout) {
        this.submitTimeout = submitTimeout;
        Committer.Metrics metrics = new Committer.Metrics(registry);
        this.fencing = new Fencing(instanceId, TRANSACTION_TIMEOUT);
        for (int i = 0; i < producers; i++) {
            String transactionalId = transactionalId(instanceId, i);
            Committer committer = new Committer(waiting, () -> newProducer(kafka, topics, transactionalId), beforeCommit,
                    topics.maxValueBytes(), metrics, transactionalId, fencing);
            committers.add(supervisor.supervise(PART_PREFIX + i, committer));
        }
    }

    /** The transactional id of committer {@code slot} of the orchestrator {@code instanceId}: the same at every start. */
    static String transactionalId(String instanceId, int slot) {
        return "switchboard-orchestrator-" + instanceId + "-fanout-" + slot;
    }

    /** The fan-out producer's linger: longer than a committer takes to send a transaction's records (0039). */
    static final int LINGER_MS = 20;

    /**
     * A transactional producer sized to the topics' record limit. Committer {@code n} always uses
     * the same transactional id, so a replacement fences its broken predecessor and aborts the
     * transaction it left open instead of leaving it to time out. The DLQ replayer takes its producer from here too.
     */
    public static Producer<String, byte[]> newProducer(KafkaSettings kafka, TopicCatalogue topics, String transactionalId) {
        Map<String, Object> config = new HashMap<>(topics.producerSizeConfig());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        // commitTransaction sends what lingers at once, so a linger costs a transaction nothing and gathers its records
        // for one partition into one batch: with transactions v2 a partition's second in-flight batch of a transaction,
        // arriving before its first, is refused (retriable OutOfOrderSequence) and the whole commit waited a retry (0039)
        config.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        config.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10);
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TRANSACTION_TIMEOUT.toMillis());
        KafkaProducer<String, byte[]> p = new KafkaProducer<>(kafka.clientConfig(config), new StringSerializer(), new ByteArraySerializer());
        try {
            p.initTransactions();
        } catch (RuntimeException e) {
            try {
                p.close(CLOSE_TIMEOUT);
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return p;
    }

    @Override
    public void submit(JobRecords job) {
        Pending pending = enqueue(List.of(job)).get(0);
        await(pending, System.nanoTime() + submitTimeout.toNanos());
    }

    /**
     * Queues every job at once (no committer takes a part of them before all are queued: {@link Committer} takes every
     * job of its batch, the first included, under the queue's monitor, which {@link #enqueue} holds) and waits once, up
     * to the submit timeout for all of them together.
     */
    @Override
    public List<RuntimeException> submitAll(List<JobRecords> jobs) {
        List<Pending> pendings = enqueue(jobs);
        long deadline = System.nanoTime() + submitTimeout.toNanos();
        List<RuntimeException> failures = new ArrayList<>(pendings.size());
        for (Pending pending : pendings) {
            try {
                await(pending, deadline);
                failures.add(null);
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        return failures;
    }

    /** Queues {@code jobs} together; jobs queued as the fan-out closes or is fenced out are withdrawn and fail. */
    private List<Pending> enqueue(List<JobRecords> jobs) {
        if (closed) {
            throw new FanOutException("The fan-out is closed", null);
        }
        FanOutException fencedOut = fencing.fencedOut();
        if (fencedOut != null) {
            throw fencedOut;
        }
        List<Pending> pendings = jobs.stream().map(job -> new Pending(job, new CompletableFuture<>())).toList();
        synchronized (waiting) {
            waiting.addAll(pendings);
            waiting.notifyAll(); // a committer waits on this monitor for its first job (Committer.nextBatch)
        }
        if (closed) {
            withdraw(pendings, new FanOutException("The fan-out is closed", null));
        }
        if (fencing.fencedOut() != null) {
            withdraw(pendings, fencing.fencedOut());
        }
        return pendings;
    }

    /** Fails every one of {@code pendings} still queued; a committer answers those it took. */
    private void withdraw(List<Pending> pendings, FanOutException e) {
        pendings.forEach(p -> {
            if (waiting.remove(p)) {
                p.fail(e);
            }
        });
    }

    /** Waits until {@code deadline} ({@link System#nanoTime()}) for the job's commit; throws as {@link #submit} does. */
    private void await(Pending pending, long deadline) {
        try {
            pending.written().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UndecidedWriteException u) {
                throw u;
            }
            throw e.getCause() instanceof FanOutException f ? f : new FanOutException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw withdrawOrUndecided(pending, "No committer took the job within " + submitTimeout + "; it was not written",
                    "No answer from Kafka within " + submitTimeout + "; the job may or may not be written", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw withdrawOrUndecided(pending, "Interrupted before a committer took the job; it was not written",
                    "Interrupted while the job was being written; it may or may not be written", e);
        }
    }

    /**
     * The answer for a submit that stops waiting: a job still queued is withdrawn (removing it from the queue is atomic
     * with a committer's poll, so either the committer has it or it is withdrawn and never written) and fails as not
     * written; a job a committer took is undecided until its committer answers it.
     */
    private RuntimeException withdrawOrUndecided(Pending pending, String withdrawn, String taken, Exception cause) {
        if (waiting.remove(pending)) {
            FanOutException notWritten = new FanOutException(withdrawn, cause);
            pending.fail(notWritten);
            return notWritten;
        }
        return new UndecidedWriteException(taken, cause, pending.decided());
    }

    /** Jobs waiting for a committer (tests use it to line up a batch). */
    int queued() {
        return waiting.size();
    }

    @Override
    public void close() {
        closed = true;
        committers.forEach(c -> c.close(Duration.ofSeconds(15)));
        Pending left;
        while ((left = waiting.poll()) != null) {
            left.fail(new FanOutException("The orchestrator is shutting down; the job was not written", null));
        }
    }
}
