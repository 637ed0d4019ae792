package dev.switchboard.orchestrator.jobs;

import dev.switchboard.orchestrator.port.FanOutException;
import dev.switchboard.orchestrator.port.JobRefusedException;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.orchestrator.health.SupervisedLoop;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transactional producer and the loop that commits batches of queued jobs with it. When Kafka
 * refuses a record for a reason of the record's own ({@link #isRecordSpecific}), the transaction is
 * aborted, that job fails with a {@link JobRefusedException} and the other jobs are written again
 * in a new transaction. Supervised: a failure it cannot handle (an {@link Error}, no producer)
 * fails the batch in hand and ends the run; the next run starts with a new producer. Every producer
 * of a committer has the same transactional id, so a replacement fences its predecessor and aborts
 * the transaction it left open. Fenced by another live orchestrator ({@link Fencing}), it answers
 * its batch and every queued job with that error and ends the run; later runs fail at once, without
 * a producer, so the part stays down instead of fencing the other instance back.
 */
final class Committer implements SupervisedLoop {
    private static final Logger log = LoggerFactory.getLogger(Committer.class);

    private final BlockingQueue<FanOut.Pending> waiting;
    private final Supplier<Producer<String, byte[]>> producers;
    private final Consumer<JobManifest> beforeCommit;
    private final int maxValueBytes;
    private final Metrics metrics;
    private final String transactionalId;
    private final Fencing fencing;
    private volatile boolean stopping;
    private Producer<String, byte[]> producer;
    /** {@link System#nanoTime()} when the transaction in hand began. */
    private long began;
    /** Whether {@code commitTransaction} was called for the transaction in hand: a failure from then on leaves the outcome open. */
    private boolean committing;
    /** Jobs whose commit outcome is open until a producer with this transactional id is initialised again. */
    private final List<FanOut.Pending> unsealed = new ArrayList<>();

    /** Meters shared by every committer of a fan-out. */
    record Metrics(DistributionSummary batchJobs, Timer commitTime, Counter refused) {
        Metrics(MeterRegistry registry) {
            this(DistributionSummary.builder("switchboard.orchestrator.fanout.batch.jobs")
                            .description("Jobs written per fan-out transaction").register(registry),
                    Timer.builder("switchboard.orchestrator.fanout.transaction")
                            .description("Time from beginTransaction to a finished commit or abort").register(registry),
                    Counter.builder("switchboard.orchestrator.fanout.refused")
                            .description("Jobs Kafka refused a record of at send (the rest of their batch was written again)")
                            .register(registry));
        }
    }

    Committer(BlockingQueue<FanOut.Pending> waiting, Supplier<Producer<String, byte[]>> producers,
              Consumer<JobManifest> beforeCommit, int maxValueBytes, Metrics metrics, String transactionalId,
              Fencing fencing) {
        this.waiting = waiting;
        this.transactionalId = transactionalId;
        this.fencing = fencing;
        this.producers = producers;
        this.beforeCommit = beforeCommit;
        this.maxValueBytes = maxValueBytes;
        this.metrics = metrics;
    }

    @Override
    public void run(Runnable up) throws InterruptedException {
        throwIfFencedOut();
        producer = producers.get();
        sealUndecided();
        up.run();
        try {
            while (!stopping) {
                throwIfFencedOut();
                List<FanOut.Pending> batch = nextBatch();
                if (!batch.isEmpty()) {
                    write(batch);
                }
            }
        } finally {
            closeQuietly(producer);
            producer = null;
        }
    }

    private void throwIfFencedOut() {
        FanOutException fencedOut = fencing.fencedOut();
        if (fencedOut != null) {
            sealWithoutProducer(); // no producer of ours may start again: jobs left undecided are settled from the log
            throw fencedOut;
        }
    }

    @Override
    public void stop() {
        stopping = true;
    }

    /**
     * The next batch, all taken under the queue's monitor (a wait of up to 100 ms for a first job included): FanOut
     * queues a batch submit's jobs under it and then notifies, so no committer takes a part of them before all are queued.
     */
    private List<FanOut.Pending> nextBatch() throws InterruptedException {
        List<FanOut.Pending> batch = new ArrayList<>();
        long bytes = 0;
        FanOut.Pending next;
        synchronized (waiting) {
            if (waiting.isEmpty()) {
                waiting.wait(100);
            }
            while (batch.size() < FanOut.MAX_BATCH_JOBS && bytes < FanOut.MAX_BATCH_BYTES && (next = waiting.poll()) != null) {
                batch.add(next);
                bytes += next.job().bytes();
            }
        }
        return batch;
    }

    private void write(List<FanOut.Pending> batch) {
        metrics.batchJobs().record(batch.size());
        try {
            List<FanOut.Pending> left = batch;
            while (!left.isEmpty()) {
                left = transact(left);
            }
        } catch (Throwable t) {
            if (committing) {
                undecided(batch, t instanceof RuntimeException r ? r : new KafkaException(t));
            }
            FanOutException failure = new FanOutException("The fan-out committer failed: " + t, t);
            batch.forEach(p -> p.fail(failure)); // no effect on jobs already answered
            throw t;
        }
    }

    /** Writes {@code jobs} in one transaction; returns the jobs to write again (without refused ones), or none. */
    private List<FanOut.Pending> transact(List<FanOut.Pending> jobs) {
        Timer.Sample took = Timer.start();
        began = System.nanoTime();
        committing = false;
        try {
            producer.beginTransaction();
            SentBatch sent = new SentBatch(maxValueBytes);
            for (FanOut.Pending p : jobs) {
                sent.add(send(p));
            }
            flush();
            Map<FanOut.Pending, JobRefusedException> refused = sent.refusals();
            if (!refused.isEmpty()) {
                abortOrReplace(jobs);
                refused.forEach(FanOut.Pending::fail);
                metrics.refused().increment(refused.size());
                refused.forEach((p, e) -> log.warn("Job {} failed alone: {}", p.job().manifest().jobId(), e.getMessage()));
                List<FanOut.Pending> rest = jobs.stream().filter(p -> !refused.containsKey(p)).toList();
                if (!rest.isEmpty()) {
                    log.info("Writing the other {} job(s) of the batch again", rest.size());
                }
                return rest;
            }
            RuntimeException failure = sent.firstFailure();
            if (failure != null) {
                throw failure;
            }
            jobs.forEach(p -> beforeCommit.accept(p.job().manifest()));
            committing = true;
            producer.commitTransaction();
            committing = false;
            jobs.forEach(FanOut.Pending::complete);
        } catch (KafkaException | IllegalStateException e) {
            if (Fencing.isFenced(e) && committing) {
                // fenced during the commit: an EndTxn retried after the coordinator committed may be answered "fenced"
                undecided(jobs, e);
                committing = false;
                fenced(jobs, e); // seals them: by the new producer's start, or from the log when fenced out
                return List.of();
            }
            if (Fencing.isFenced(e)) {
                fenced(jobs, e); // fenced before the commit: the fencing producer's start aborted the transaction
                return List.of();
            }
            if (committing) {
                undecided(jobs, e);
                committing = false;
                replaceProducer(); // an open commit cannot be aborted; the new producer's init completes or aborts it
                sealUndecided();
                return List.of();
            }
            abortOrReplace(jobs); // before answering: a fenced abort answers with the fencing error instead
            failAll(jobs, new FanOutException("Kafka did not take the job: " + e.getMessage(), e));
        } catch (RuntimeException e) {
            abortOrReplace(jobs);
            failAll(jobs, new FanOutException("The fan-out was aborted: " + e.getMessage(), e));
        } finally {
            took.stop(metrics.commitTime());
        }
        return List.of();
    }

    private SentBatch.Sent send(FanOut.Pending p) {
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        try {
            for (JobRecords.Entry e : p.job().entries()) {
                futures.add(producer.send(e.record()));
            }
            return new SentBatch.Sent(p, futures, null);
        } catch (ProducerFencedException | InvalidProducerEpochException | AuthorizationException e) {
            throw e;
        } catch (KafkaException e) {
            return new SentBatch.Sent(p, futures, e); // e.g. the transaction already failed because of another job's record
        }
    }

    private void flush() {
        try {
            producer.flush();
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            throw e;
        } catch (KafkaException e) {
            log.debug("Flush reported a failed send; each job's futures tell which: {}", e.toString());
        }
    }

    /**
     * The commit of {@code jobs} was sent and its outcome is unknown: their submitters hear so (and the client gets the
     * job id to poll); they are sealed once a producer with this transactional id is initialised again, which makes
     * the coordinator finish (commit or abort) the transaction first.
     */
    private void undecided(List<FanOut.Pending> jobs, RuntimeException e) {
        log.warn("The outcome of a fan-out commit of {} job(s) is unknown until the producer is replaced: {}", jobs.size(),
                e.toString());
        jobs.forEach(p -> p.unknown(e));
        unsealed.addAll(jobs);
    }

    private void sealUndecided() {
        unsealed.forEach(FanOut.Pending::seal);
        unsealed.clear();
    }

    /**
     * Fenced out, no producer with this transactional id may start here again to finish the open transaction; the
     * producer that fenced this one did. Its start decided the transaction (commit or abort) and the coordinator writes
     * the markers right after, so the jobs are sealed {@link Fencing#sealDelay} later: the view then settles them from
     * the log like every other unknown outcome, instead of answering UNKNOWN and holding their keys for ever.
     */
    private void sealWithoutProducer() {
        if (unsealed.isEmpty()) {
            return;
        }
        List<FanOut.Pending> jobs = List.copyOf(unsealed);
        unsealed.clear();
        log.warn("Fenced out with {} job(s) of unknown outcome; they are settled from the log in {} ms", jobs.size(),
                fencing.sealDelay().toMillis());
        CompletableFuture.delayedExecutor(fencing.sealDelay().toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> jobs.forEach(FanOut.Pending::seal));
    }

    private static void failAll(List<FanOut.Pending> jobs, FanOutException e) {
        jobs.forEach(p -> p.fail(e));
    }

    /**
     * Fenced: by another live orchestrator (the transaction is younger than its timeout), the jobs
     * in hand and every queued one fail with the error naming the instance id and the run ends; by
     * the coordinator aborting an overdue transaction, the jobs fail and a new producer takes over.
     */
    private void fenced(List<FanOut.Pending> jobs, RuntimeException e) {
        Duration transactionAge = Duration.ofNanos(System.nanoTime() - began);
        if (!fencing.byAnotherProducer(transactionAge)) {
            failAll(jobs, new FanOutException("The fan-out transaction outlived its timeout and was aborted", e));
            log.warn("Fan-out producer {} was fenced after a {} ms transaction; replacing it", transactionalId,
                    transactionAge.toMillis());
            replaceProducer();
            sealUndecided(); // the new producer's start finished any transaction left open
            return;
        }
        FanOutException fencedOut = fencing.fenceOut(transactionalId, e);
        failAll(jobs, fencedOut); // no effect on jobs already answered "unknown"
        sealWithoutProducer();
        FanOut.Pending queued;
        while ((queued = waiting.poll()) != null) {
            queued.fail(fencedOut);
        }
        throw fencedOut;
    }

    private void abortOrReplace(List<FanOut.Pending> jobs) {
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            if (Fencing.isFenced(e)) {
                fenced(jobs, e);
                return;
            }
            log.warn("Aborting a fan-out transaction failed; replacing the producer: {}", e.toString());
            replaceProducer();
        }
    }

    /** A new producer with the same transactional id; throws (ending this run) when none can be made. */
    private void replaceProducer() {
        closeQuietly(producer);
        producer = null;
        producer = producers.get();
    }

    private static void closeQuietly(Producer<String, byte[]> p) {
        if (p == null) {
            return;
        }
        try {
            p.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            log.debug("Closing a fan-out producer failed: {}", e.toString());
        }
    }
}
