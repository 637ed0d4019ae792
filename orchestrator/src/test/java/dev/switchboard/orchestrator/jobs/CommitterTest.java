package dev.switchboard.orchestrator.jobs;

import dev.switchboard.orchestrator.port.FanOutException;
import dev.switchboard.orchestrator.port.JobTooLargeException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.Ids;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.topic.TopicCatalogue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The committer's handling of one job's refused record, against a producer that refuses large values, without a broker. */
class CommitterTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int BROKER_LIMIT = 100_000;
    private final TopicCatalogue topics = TopicCatalogue.bundled();
    private final BlockingQueue<FanOut.Pending> waiting = new LinkedBlockingQueue<>();
    private final List<RefusingProducer> producers = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private volatile Error sendError;
    /** While set, the first producer made is fenced before its first transaction. */
    private volatile boolean fenceEveryProducer;
    /** While set, the first producer made throws it from {@code commitTransaction}. */
    private volatile RuntimeException firstCommitFails;
    /** While set, every producer after the first cannot be made (its init throws). */
    private volatile boolean noReplacement;
    private Committer committer;
    private Thread thread;

    /** Refuses values over {@link #BROKER_LIMIT} the way Kafka does: a failed future with RecordTooLargeException. */
    private final class RefusingProducer extends MockProducer<String, byte[]> {
        RefusingProducer() {
            super(true, null, new StringSerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            if (sendError != null) {
                throw sendError;
            }
            if (record.value().length > BROKER_LIMIT) {
                CompletableFuture<RecordMetadata> refused = new CompletableFuture<>();
                refused.completeExceptionally(new RecordTooLargeException("The message is " + record.value().length + " bytes"));
                return refused;
            }
            return super.send(record, callback);
        }
    }

    private FanOut.Pending queue(int documentChars) {
        Instant now = Instant.now();
        JobManifest m = JobManifest.create(Ids.newId(), List.of("sentiment", "summary"), now, now.plusSeconds(60), null, Map.of());
        FanOut.Pending p = new FanOut.Pending(JobRecords.of(m, Document.ofText("x".repeat(documentChars)), topics),
                new CompletableFuture<>());
        waiting.add(p);
        return p;
    }

    private void startCommitter(AtomicReference<Throwable> died) {
        startCommitter(died, new Fencing("test", Duration.ofMinutes(1)));
    }

    private void startCommitter(AtomicReference<Throwable> died, Fencing fencing) {
        committer = new Committer(waiting, () -> {
            if (noReplacement && !producers.isEmpty()) {
                throw new org.apache.kafka.common.errors.TimeoutException("no broker for a new producer");
            }
            RefusingProducer p = new RefusingProducer();
            p.initTransactions();
            if (fenceEveryProducer && producers.isEmpty()) {
                p.fenceProducer();
            }
            if (firstCommitFails != null && producers.isEmpty()) {
                p.commitTransactionException = firstCommitFails;
            }
            producers.add(p);
            return p;
        }, m -> { }, topics.maxValueBytes(), new Committer.Metrics(registry), "switchboard-orchestrator-test-fanout-0", fencing);
        thread = new Thread(() -> {
            try {
                committer.run(() -> { });
            } catch (Throwable t) {
                died.set(t);
            }
        });
        thread.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        committer.stop();
        thread.join(WAIT.toMillis());
    }

    private static String key(FanOut.Pending p) {
        return p.job().manifest().jobId().toString();
    }

    @Test
    void shouldFailOnlyTheJobWhoseRecordKafkaRefusedAndCommitTheRestOfItsBatch() {
        // Given a batch of three jobs, the middle one with tasks Kafka will refuse as too large
        FanOut.Pending before = queue(10);
        FanOut.Pending oversized = queue(BROKER_LIMIT + 1);
        FanOut.Pending after = queue(10);

        // When the committer writes them
        startCommitter(new AtomicReference<>());

        // Then the oversized job fails alone, as too large, naming its record
        assertThat(before.written()).succeedsWithin(WAIT);
        assertThat(after.written()).succeedsWithin(WAIT);
        assertThat(oversized.written()).failsWithin(WAIT).withThrowableThat().havingCause()
                .isInstanceOfSatisfying(JobTooLargeException.class, e -> {
                    assertThat(e.record()).isEqualTo("task for agent 'sentiment'");
                    assertThat(e.serializedBytes()).isGreaterThan(BROKER_LIMIT);
                    assertThat(e.getCause()).isInstanceOf(RecordTooLargeException.class);
                });
        // And only the other two jobs' records were committed (the first transaction, with the manifest of the refused job, was aborted)
        RefusingProducer producer = producers.get(0);
        assertThat(producer.history()).extracting(ProducerRecord::key)
                .containsOnly(key(before), key(after)).hasSize(2 * 4);
        assertThat(producer.commitCount()).isEqualTo(1);
        assertThat(registry.get("switchboard.orchestrator.fanout.refused").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldAnswerItsBatchAndEndTheRunWhenAnErrorEscapesSoTheSupervisorStartsAFreshOne() {
        // Given a producer whose send throws an Error
        sendError = new OutOfMemoryError("injected");
        FanOut.Pending job = queue(10);
        AtomicReference<Throwable> died = new AtomicReference<>();

        // When the committer writes the job
        startCommitter(died);

        // Then the job is answered with a failure at once, and the run ends with the Error, its producer closed
        assertThat(job.written()).failsWithin(WAIT).withThrowableThat().havingCause().isInstanceOf(FanOutException.class);
        await().atMost(WAIT).until(() -> died.get() != null);
        assertThat(died.get()).isInstanceOf(OutOfMemoryError.class);
        assertThat(producers.get(0).closed()).isTrue();
        assertThatThrownBy(() -> job.written().join()).hasRootCauseInstanceOf(OutOfMemoryError.class);
    }

    @Test
    void shouldStopForGoodNamingTheInstanceIdWhenAnotherProducerTookItsTransactionalId() {
        // Given a committer whose producer another orchestrator fenced, and two jobs queued
        fenceEveryProducer = true;
        FanOut.Pending first = queue(10);
        FanOut.Pending second = queue(10);
        AtomicReference<Throwable> died = new AtomicReference<>();
        Fencing fencing = new Fencing("orchestrator-a", Duration.ofMinutes(1));

        // When the committer writes them
        startCommitter(died, fencing);

        // Then both jobs fail with the error naming the variable, the run ends, and no producer replaced the fenced one
        await().atMost(WAIT).until(() -> died.get() != null);
        assertThat(died.get()).hasMessageContaining("another orchestrator uses SWITCHBOARD_ORCHESTRATOR_INSTANCE_ID=orchestrator-a");
        for (FanOut.Pending p : List.of(first, second)) {
            assertThat(p.written()).failsWithin(WAIT).withThrowableThat().havingCause()
                    .isSameAs(fencing.fencedOut());
        }
        assertThat(producers).hasSize(1);
        assertThat(producers.get(0).closed()).isTrue();
        // And a restarted run fails at once, without making a producer
        assertThatThrownBy(() -> committer.run(() -> { })).isSameAs(fencing.fencedOut());
        assertThat(producers).hasSize(1);
    }

    @Test
    void shouldReplaceItsProducerWhenFencedOnlyAfterTheTransactionOutlivedItsTimeout() {
        // Given a producer fenced once, in a transaction the coordinator could have aborted for its age (timeout zero)
        fenceEveryProducer = true;
        FanOut.Pending job = queue(10);
        AtomicReference<Throwable> died = new AtomicReference<>();
        Fencing fencing = new Fencing("orchestrator-a", Duration.ZERO);

        // When the committer writes it
        startCommitter(died, fencing);

        // Then the job fails, the fenced producer is closed and replaced by one with the same id, and the committer goes on
        assertThat(job.written()).failsWithin(WAIT).withThrowableThat().havingCause().isInstanceOf(FanOutException.class);
        await().atMost(WAIT).until(() -> producers.size() == 2);
        assertThat(producers.get(0).closed()).isTrue();
        assertThat(fencing.fencedOut()).isNull();
        assertThat(died.get()).isNull();
    }

    @Test
    void shouldAnswerOutcomeUnknownWhenTheCommitTimesOutAndSealItOnceAProducerWithItsIdStarted() {
        // Given a producer whose commit times out (the broker may or may not have committed)
        firstCommitFails = new org.apache.kafka.common.errors.TimeoutException("Timeout expired while awaiting EndTxn");
        FanOut.Pending job = queue(10);

        // When the committer writes the job
        startCommitter(new AtomicReference<>());

        // Then the submitter hears the outcome is unknown (not "nothing was written")
        assertThat(job.written()).failsWithin(WAIT).withThrowableThat().havingCause()
                .isInstanceOfSatisfying(UndecidedWriteException.class, e -> assertThat(e.decided()).isSameAs(job.decided()));
        // And the job is sealed once a new producer with the same transactional id started, which finishes the transaction
        await().atMost(WAIT).until(() -> producers.size() == 2);
        assertThat(job.decided()).succeedsWithin(WAIT);
        assertThat(producers.get(0).closed()).isTrue();
        assertThat(producers.get(0).transactionAborted()).isFalse(); // an open commit is never aborted
    }

    @Test
    void shouldKeepAnUnknownOutcomeOpenWhileNoNewProducerCanStart() {
        // Given a commit that times out, and no broker for a replacement producer
        firstCommitFails = new org.apache.kafka.common.errors.TimeoutException("Timeout expired while awaiting EndTxn");
        noReplacement = true;
        FanOut.Pending job = queue(10);
        AtomicReference<Throwable> died = new AtomicReference<>();

        // When the committer writes the job
        startCommitter(died);

        // Then the outcome is unknown and stays open: nothing has finished the transaction
        assertThat(job.written()).failsWithin(WAIT).withThrowableThat().havingCause().isInstanceOf(UndecidedWriteException.class);
        await().atMost(WAIT).until(() -> died.get() != null);
        assertThat(job.decided()).isNotDone();

        // When a later run of the committer starts a producer
        noReplacement = false;
        Thread next = new Thread(() -> {
            try {
                committer.run(() -> { });
            } catch (Throwable t) {
                died.set(t);
            }
        });
        thread = next;
        next.start();

        // Then the job is sealed
        assertThat(job.decided()).succeedsWithin(WAIT);
    }

    @Test
    void shouldAnswerOutcomeUnknownWhenFencedDuringTheCommitAndSealItFromTheLogThoughFencedOut() {
        // Given a producer fenced by another orchestrator while its commit was under way (an EndTxn retried after the
        // coordinator had committed is answered "fenced": the jobs may be committed)
        firstCommitFails = new org.apache.kafka.common.errors.ProducerFencedException("There is a newer producer");
        FanOut.Pending job = queue(10);
        AtomicReference<Throwable> died = new AtomicReference<>();
        Fencing fencing = new Fencing("orchestrator-a", Duration.ofSeconds(2));

        // When the committer writes the job
        startCommitter(died, fencing);

        // Then the submitter hears the outcome is unknown, not "nothing was submitted"
        assertThat(job.written()).failsWithin(WAIT).withThrowableThat().havingCause()
                .isInstanceOfSatisfying(UndecidedWriteException.class, e -> assertThat(e.decided()).isSameAs(job.decided()));
        // And the committer is fenced out for good, without a producer fencing the other instance back
        await().atMost(WAIT).until(() -> died.get() != null);
        assertThat(died.get()).isSameAs(fencing.fencedOut());
        assertThat(producers).hasSize(1);
        // And the job is still sealed (the view then settles it from the log), one transaction timeout later
        assertThat(job.decided()).succeedsWithin(WAIT);
    }

    @Test
    void shouldSealAnUnknownOutcomeOnceAProducerStartedWhenTheCoordinatorFencedAnOverdueCommit() {
        // Given a commit fenced after its transaction outlived the timeout (the coordinator's abort bumped the epoch)
        firstCommitFails = new org.apache.kafka.common.errors.ProducerFencedException("There is a newer producer");
        FanOut.Pending job = queue(10);
        AtomicReference<Throwable> died = new AtomicReference<>();

        // When the committer writes the job
        startCommitter(died, new Fencing("orchestrator-a", Duration.ZERO));

        // Then the outcome is unknown, and sealed once the replacement producer started; the committer goes on
        assertThat(job.written()).failsWithin(WAIT).withThrowableThat().havingCause().isInstanceOf(UndecidedWriteException.class);
        await().atMost(WAIT).until(() -> producers.size() == 2);
        assertThat(job.decided()).succeedsWithin(WAIT);
        assertThat(died.get()).isNull();
    }

    @Test
    void shouldSealAnUnknownOutcomeFromTheLogWhenTheNextRunFindsTheFanOutFencedOut() {
        // Given a commit that timed out, no broker for a replacement producer, so the job is left unsealed
        firstCommitFails = new org.apache.kafka.common.errors.TimeoutException("Timeout expired while awaiting EndTxn");
        noReplacement = true;
        FanOut.Pending job = queue(10);
        AtomicReference<Throwable> died = new AtomicReference<>();
        Fencing fencing = new Fencing("orchestrator-a", Duration.ofMillis(200));
        startCommitter(died, fencing);
        assertThat(job.written()).failsWithin(WAIT).withThrowableThat().havingCause().isInstanceOf(UndecidedWriteException.class);
        await().atMost(WAIT).until(() -> died.get() != null);
        assertThat(job.decided()).isNotDone();

        // When another committer of the fan-out is fenced out by an instance with the same id, and this one runs again
        fencing.fenceOut("switchboard-orchestrator-test-fanout-1", new org.apache.kafka.common.errors.ProducerFencedException("x"));
        noReplacement = false;

        // Then the run fails at once without a producer, and the job is sealed all the same (not UNKNOWN for ever)
        assertThatThrownBy(() -> committer.run(() -> { })).isSameAs(fencing.fencedOut());
        assertThat(producers).hasSize(1);
        assertThat(job.decided()).succeedsWithin(WAIT);
    }
}
