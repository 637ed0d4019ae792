package dev.switchboard.orchestrator.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.orchestrator.port.AcceptedJob;
import dev.switchboard.orchestrator.port.BatchItem;
import dev.switchboard.orchestrator.port.BatchResult;
import dev.switchboard.orchestrator.port.FanOutException;
import dev.switchboard.orchestrator.port.IdempotencyKeyInFlightException;
import dev.switchboard.orchestrator.port.IdempotencyKeyReusedException;
import dev.switchboard.orchestrator.port.InMemoryJobQueries;
import dev.switchboard.orchestrator.port.JobRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The bulk variant of the Idempotency-Key rules (decision 0037): the same rules per item, one write for the batch. */
class BulkIdempotencyTest {
    private final Idempotency idempotency = new Idempotency(new InMemoryJobQueries());
    private final List<List<UUID>> writes = new ArrayList<>();

    private static BatchItem item(String text, String key) {
        return new BatchItem(new JobRequest(text, "text/plain", List.of("sentiment"), null, Duration.ofMinutes(1), Map.of(),
                "hash-of-" + text), key);
    }

    private List<RuntimeException> writeAll(List<UUID> ids, List<JobRequest> requests) {
        writes.add(List.copyOf(ids));
        return Collections.nCopies(ids.size(), null);
    }

    @Test
    void shouldWriteEveryNewItemInOneWriteAndAnswerInRequestOrder() {
        // When three items, one keyed, are submitted together
        List<BatchResult> results = idempotency.submitAll(List.of(item("a", null), item("b", "kb"), item("c", null)), "caller",
                this::writeAll);

        // Then one write carried all three, and each item has its own new job, in order
        assertThat(writes).hasSize(1);
        assertThat(writes.get(0)).hasSize(3).doesNotHaveDuplicates();
        assertThat(results).extracting(BatchResult::job).extracting(AcceptedJob::jobId).containsExactlyElementsOf(writes.get(0));
        assertThat(results.get(1).job()).isEqualTo(new AcceptedJob(JobIds.newJobId("caller", "kb"), false));
    }

    @Test
    void shouldReplayKnownKeysRefuseReusedOnesAndWriteOnlyTheRest() {
        // Given a key used once
        idempotency.submitAll(List.of(item("a", "ka")), "caller", this::writeAll);

        // When a batch repeats it, reuses it for another document, and repeats a new key within itself
        List<BatchResult> results = idempotency.submitAll(List.of(item("a", "ka"), item("other", "ka"), item("n", "kn"),
                item("n", "kn"), item("m", "kn")), "caller", this::writeAll);

        // Then the known key is replayed, its reuse refused, the new key written once and answered again for its repeat
        UUID ka = JobIds.newJobId("caller", "ka");
        UUID kn = JobIds.newJobId("caller", "kn");
        assertThat(results.get(0).job()).isEqualTo(new AcceptedJob(ka, true));
        assertThat(results.get(1).refusal()).isInstanceOf(IdempotencyKeyReusedException.class);
        assertThat(results.get(2).job()).isEqualTo(new AcceptedJob(kn, false));
        assertThat(results.get(3).job()).isEqualTo(new AcceptedJob(kn, true));
        assertThat(results.get(4).refusal()).isInstanceOf(IdempotencyKeyReusedException.class);
        assertThat(writes.get(1)).containsExactly(kn);
    }

    @Test
    void shouldRefuseOnlyTheItemsTheWriteFailedAndReleaseTheirKeys() {
        // Given a write that fails the second job of its batch
        FanOutException down = new FanOutException("no", null);
        List<BatchResult> first = idempotency.submitAll(List.of(item("a", "ka"), item("b", "kb")), "caller",
                (ids, requests) -> java.util.Arrays.asList(null, down));
        assertThat(first.get(0).job()).isNotNull();
        assertThat(first.get(1).refusal()).isSameAs(down);

        // When the failed item is sent again
        List<BatchResult> again = idempotency.submitAll(List.of(item("b", "kb")), "caller", this::writeAll);

        // Then it is written this time (its key was released), not replayed
        assertThat(again.get(0).job()).isEqualTo(new AcceptedJob(JobIds.newJobId("caller", "kb"), false));
        assertThat(writes).containsExactly(List.of(JobIds.newJobId("caller", "kb")));
    }

    @Test
    void shouldReleaseEveryClaimWhenTheWriteThrowsEvenAnError() {
        // Given a batch whose write dies with an Error, claims taken
        Idempotency impatient = new Idempotency(new InMemoryJobQueries(), Duration.ofMillis(200));
        assertThatThrownBy(() -> impatient.submitAll(List.of(item("a", "ka"), item("b", "kb")), "caller", (ids, requests) -> {
            throw new StackOverflowError("boom");
        })).isInstanceOf(StackOverflowError.class);

        // When the same batch is sent again
        List<BatchResult> again = impatient.submitAll(List.of(item("a", "ka"), item("b", "kb")), "caller", this::writeAll);

        // Then both keys are free: written, not "in flight"
        assertThat(again).extracting(BatchResult::refusal).containsOnlyNulls();
        assertThat(writes).hasSize(1);
    }

    @Test
    void shouldWaitOnceForTheWholeBatchThenRefuseContestedKeysInFlight() throws Exception {
        // Given ten keys held by a batch whose write hangs, and a wait for writes in flight of 500 ms
        Idempotency impatient = new Idempotency(new InMemoryJobQueries(), Duration.ofMillis(500));
        List<BatchItem> items = IntStream.range(0, 10).mapToObj(n -> item("t" + n, "k" + n)).toList();
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<List<BatchResult>> first = CompletableFuture.supplyAsync(() -> impatient.submitAll(items, "caller",
                (ids, requests) -> {
                    writing.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Collections.nCopies(ids.size(), null);
                }));
        await().until(() -> writing.getCount() == 0);

        // When the same batch comes again meanwhile
        CompletableFuture<List<BatchResult>> second = CompletableFuture.supplyAsync(() -> impatient.submitAll(items, "caller",
                this::writeAll));

        // Then it answers "in flight" for every key after one shared wait (ten waits of 500 ms would take 5 s)
        await().atMost(Duration.ofSeconds(3)).until(second::isDone);
        assertThat(second.get()).extracting(BatchResult::refusal).allMatch(r -> r instanceof IdempotencyKeyInFlightException);
        release.countDown();
        assertThat(first.get()).extracting(BatchResult::refusal).containsOnlyNulls();
        assertThat(writes).isEmpty();
    }
}
