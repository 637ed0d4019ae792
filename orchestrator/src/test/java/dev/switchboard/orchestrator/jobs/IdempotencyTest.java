package dev.switchboard.orchestrator.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.orchestrator.port.AcceptedJob;
import dev.switchboard.orchestrator.port.FanOutException;
import dev.switchboard.orchestrator.port.IdempotencyKeyReusedException;
import dev.switchboard.orchestrator.port.InMemoryJobQueries;
import dev.switchboard.orchestrator.port.JobRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The one owner of Idempotency-Key semantics, without HTTP or Kafka. */
class IdempotencyTest {
    private final InMemoryJobQueries queries = new InMemoryJobQueries();
    private final Idempotency idempotency = new Idempotency(queries);
    private final List<UUID> writes = new CopyOnWriteArrayList<>();
    private final Consumer<UUID> write = writes::add;

    private static JobRequest request(String text) {
        return new JobRequest(text, "text/plain", List.of("sentiment"), null, Duration.ofMinutes(1), Map.of(), "hash-of-" + text);
    }

    @Test
    void shouldWriteEverySubmitWithoutAKeyAsANewJob() {
        AcceptedJob first = idempotency.submit(request("a"), "caller", null, write);
        AcceptedJob second = idempotency.submit(request("a"), "caller", null, write);

        assertThat(first.jobId()).isNotEqualTo(second.jobId());
        assertThat(writes).containsExactly(first.jobId(), second.jobId());
    }

    @Test
    void shouldGiveTheSameJobForTheSameKeyAndRequestAndWriteItOnce() {
        AcceptedJob first = idempotency.submit(request("a"), "caller", "k", write);
        AcceptedJob again = idempotency.submit(request("a"), "caller", "k", write);

        assertThat(first).isEqualTo(new AcceptedJob(JobIds.newJobId("caller", "k"), false));
        assertThat(again).isEqualTo(new AcceptedJob(first.jobId(), true));
        assertThat(writes).containsExactly(first.jobId());
    }

    @Test
    void shouldRefuseTheSameKeyForAnotherRequestNamingKeyAndJob() {
        AcceptedJob first = idempotency.submit(request("a"), "caller", "k", write);

        assertThatThrownBy(() -> idempotency.submit(request("b"), "caller", "k", write))
                .isInstanceOfSatisfying(IdempotencyKeyReusedException.class, e -> {
                    assertThat(e.key()).isEqualTo("k");
                    assertThat(e.jobId()).isEqualTo(first.jobId());
                });
        assertThat(writes).hasSize(1);
    }

    @Test
    void shouldKnowEarlierRequestsFromTheReadModel() {
        UUID jobId = JobIds.newJobId("caller", "k");
        queries.put(new JobManifest(1, jobId, List.of("sentiment"), Instant.now(), Instant.now().plusSeconds(60), null, Map.of(),
                "hash-of-a"));

        assertThat(idempotency.submit(request("a"), "caller", "k", write)).isEqualTo(new AcceptedJob(jobId, true));
        assertThatThrownBy(() -> idempotency.submit(request("b"), "caller", "k", write)).isInstanceOf(IdempotencyKeyReusedException.class);
        assertThat(writes).isEmpty();
    }

    @Test
    void shouldLetARetryWriteWhenTheFirstWriteFailed() {
        assertThatThrownBy(() -> idempotency.submit(request("a"), "caller", "k", id -> {
            throw new FanOutException("down", null);
        })).isInstanceOf(FanOutException.class);

        AcceptedJob retried = idempotency.submit(request("a"), "caller", "k", write);

        assertThat(retried.replayed()).isFalse();
        assertThat(writes).containsExactly(retried.jobId());
    }

    @Test
    void shouldMakeASubmitWithTheSameKeyWaitForTheWriteInFlightAndThenReplayIt() throws Exception {
        // Given a first submit whose write is in progress
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<AcceptedJob> first = CompletableFuture.supplyAsync(() -> idempotency.submit(request("a"), "caller", "k", id -> {
            writing.countDown();
            awaitLatch(release);
            writes.add(id);
        }));
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();

        // When the same submit arrives meanwhile
        CompletableFuture<AcceptedJob> second = CompletableFuture.supplyAsync(() -> idempotency.submit(request("a"), "caller", "k", write));

        // Then it waits for the first write, and gets its job as a replay; the job is written once
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !second.isDone());
        release.countDown();
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(new AcceptedJob(first.get(10, TimeUnit.SECONDS).jobId(), true));
        assertThat(writes).hasSize(1);
    }

    @Test
    void shouldAnswerStillInFlightRatherThanHoldARetryForAStuckWrite() throws Exception {
        // Given a first submit whose write hangs, and a retry that waits at most 200 ms
        Idempotency impatient = new Idempotency(queries, Duration.ofMillis(200));
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<AcceptedJob> first = CompletableFuture.supplyAsync(() -> impatient.submit(request("a"), "caller", "k", id -> {
            writing.countDown();
            awaitLatch(release);
            writes.add(id);
        }));
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();

        // When the same submit arrives, then it is told the key is in flight (retry later), and nothing more is written
        assertThatThrownBy(() -> impatient.submit(request("a"), "caller", "k", write))
                .isInstanceOf(dev.switchboard.orchestrator.port.IdempotencyKeyInFlightException.class).hasMessageContaining("'k'");
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        assertThat(writes).hasSize(1);
    }

    @Test
    void shouldRefuseADifferentRequestWithTheSameKeyOnceTheWriteInFlightEnds() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<AcceptedJob> first = CompletableFuture.supplyAsync(() -> idempotency.submit(request("a"), "caller", "k", id -> {
            writing.countDown();
            awaitLatch(release);
            writes.add(id);
        }));
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<AcceptedJob> other = CompletableFuture.supplyAsync(() -> idempotency.submit(request("b"), "caller", "k", write));
        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS).replayed()).isFalse();
        assertThat(other).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(IdempotencyKeyReusedException.class);
        assertThat(writes).hasSize(1);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
