package dev.switchboard.orchestrator.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.Ids;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.observability.management.ReadinessChecks;
import dev.switchboard.orchestrator.health.Supervisor;
import dev.switchboard.orchestrator.port.FanOutException;
import dev.switchboard.orchestrator.port.JobOutcomeUnknownException;
import dev.switchboard.orchestrator.port.JobRequest;
import dev.switchboard.orchestrator.port.SubmitOutcome;
import dev.switchboard.orchestrator.view.AgentDirectory;
import dev.switchboard.orchestrator.view.JobView;
import dev.switchboard.orchestrator.view.ViewBounds;
import dev.switchboard.orchestrator.view.ViewUpdater;
import dev.switchboard.testkit.KafkaTest;
import dev.switchboard.testkit.TestKafka;
import dev.switchboard.testkit.TopicProbe;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A submit's outcome on a real broker: withdrawn when no committer took it, the truth told when it was unknown (0020). */
@KafkaTest
class SubmitOutcomeIT {
    private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final TopicCatalogue topics = TopicCatalogue.bundled();
    private final Supervisor supervisor = new Supervisor(new ReadinessChecks(), new SimpleMeterRegistry(), Supervisor.Backoff.DEFAULT);
    /** Jobs whose commit waits at the latch (inside the transaction, after the sends). */
    private final Map<UUID, CountDownLatch> held = new ConcurrentHashMap<>();
    /** Jobs whose transaction aborts once released. */
    private final Set<UUID> aborted = ConcurrentHashMap.newKeySet();
    /** Counted down when the committer reaches the commit of a held job. */
    private final CountDownLatch inCommit = new CountDownLatch(1);
    private FanOut fanOut;

    @BeforeEach
    void provision(TestKafka kafka) {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            new TopicProvisioner(admin).apply(topics);
        }
        fanOut = new FanOut(KafkaSettings.of(kafka.bootstrapServers()), topics, "test-" + UUID.randomUUID(), 1,
                new SimpleMeterRegistry(), supervisor, m -> {
            CountDownLatch latch = held.get(m.jobId());
            if (latch != null) {
                inCommit.countDown();
                try {
                    latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (aborted.contains(m.jobId())) {
                throw new IllegalStateException("crash before the commit");
            }
        }, SUBMIT_TIMEOUT);
    }

    @AfterEach
    void close() {
        held.values().forEach(CountDownLatch::countDown);
        fanOut.close();
    }

    private JobRecords job(UUID jobId) {
        JobManifest m = JobManifest.create(jobId, List.of("sentiment"), Instant.now(), Instant.now().plusSeconds(60), null, Map.of());
        return JobRecords.of(m, Document.ofText("x"), topics);
    }

    private static JobRequest request(String text) {
        return new JobRequest(text, "text/plain", List.of("sentiment"), null, Duration.ofMinutes(1), Map.of(), "hash-of-" + text);
    }

    @Test
    void shouldWithdrawAQueuedJobNoCommitterTookAnswerNotWrittenAndNeverWriteIt(TestKafka kafka) throws Exception {
        // Given the only committer stuck in the commit of job A
        UUID a = Ids.newId();
        held.put(a, new CountDownLatch(1));
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> fanOut.submit(job(a)));
        assertThat(inCommit.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue(); // the committer took A

        // When job B waits in the queue past the submit timeout
        UUID b = Ids.newId();
        // Then it is withdrawn and answered "not written"
        assertThatThrownBy(() -> fanOut.submit(job(b))).isInstanceOf(FanOutException.class).hasMessageContaining("not written");
        // And A, taken by the committer, is undecided rather than "not written"
        assertThat(first).failsWithin(WAIT).withThrowableThat().havingCause().isInstanceOf(UndecidedWriteException.class);

        // When the committer goes on
        held.get(a).countDown();

        // Then A is committed, and B never appears on Kafka
        try (TopicProbe manifests = new TopicProbe(kafka, topics.jobs().name())) {
            assertThat(manifests.awaitMatching(r -> r.key().equals(a.toString()), 1, WAIT)).hasSize(1);
            assertThat(manifests.settle(r -> r.key().equals(b.toString()), Duration.ofSeconds(2))).isEmpty();
        }
    }

    @Test
    void shouldGiveTheJobIdForAnUnknownOutcomeAndTellCommittedOrNotSubmittedOnceKnown(TestKafka kafka) {
        // Given the orchestrator's submit path and view over the broker
        JobView view = new JobView(new AgentDirectory(Duration.ofSeconds(45)), Clock.systemUTC(), 1000);
        ViewUpdater updater = new ViewUpdater(KafkaSettings.of(kafka.bootstrapServers()), topics, view,
                new ViewBounds(Duration.ofHours(24), new SimpleMeterRegistry()), new SimpleMeterRegistry());
        Supervisor.Part updating = supervisor.supervise(ViewUpdater.PART, updater);
        try {
            await().atMost(WAIT).until(view::caughtUp);
            KafkaJobSubmissions submissions = new KafkaJobSubmissions(fanOut, view, topics, Clock.systemUTC());
            UUID committed = JobIds.newJobId("caller", "will-commit");
            UUID notWritten = JobIds.newJobId("caller", "will-abort");
            held.put(committed, new CountDownLatch(1));
            held.put(notWritten, new CountDownLatch(1));
            aborted.add(notWritten);

            // When both are submitted and their commits outlast the submit timeout
            JobOutcomeUnknownException first = catchUnknown(() -> submissions.submit(request("a"), "caller", "will-commit"));
            held.get(committed).countDown();
            JobOutcomeUnknownException second = catchUnknown(() -> submissions.submit(request("b"), "caller", "will-abort"));

            // Then each client gets its job id
            assertThat(first.jobId()).isEqualTo(committed);
            assertThat(second.jobId()).isEqualTo(notWritten);
            assertThat(view.submitOutcome(notWritten)).contains(SubmitOutcome.UNKNOWN);

            // When the commits end: the first commits, the second aborts
            held.get(notWritten).countDown();

            // Then polling tells the truth: the first is a job, the second known not submitted, and its key writes again
            assertThat(first.settled().toCompletableFuture()).succeedsWithin(WAIT).isEqualTo(true);
            assertThat(view.job(committed)).isPresent();
            assertThat(second.settled().toCompletableFuture()).succeedsWithin(WAIT).isEqualTo(false);
            assertThat(view.submitOutcome(notWritten)).contains(SubmitOutcome.NOT_SUBMITTED);
            aborted.remove(notWritten);
            held.remove(notWritten);
            assertThat(submissions.submit(request("b"), "caller", "will-abort").jobId()).isEqualTo(notWritten);
            assertThat(view.job(notWritten)).isPresent();

            // And an outcome sealed but never seen in the log is decided from the log: read to its end, no manifest
            UUID ghost = Ids.newId();
            CompletableFuture<Boolean> ghostSettled = view.undecided(ghost, CompletableFuture.completedFuture(null));
            assertThat(ghostSettled).succeedsWithin(WAIT).isEqualTo(false);
        } finally {
            updating.close(Duration.ofSeconds(10));
        }
    }

    private static JobOutcomeUnknownException catchUnknown(Runnable submit) {
        try {
            submit.run();
        } catch (JobOutcomeUnknownException e) {
            return e;
        }
        throw new AssertionError("expected an unknown outcome");
    }
}
