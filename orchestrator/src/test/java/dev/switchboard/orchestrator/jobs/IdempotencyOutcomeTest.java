package dev.switchboard.orchestrator.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.orchestrator.port.AcceptedJob;
import dev.switchboard.orchestrator.port.IdempotencyKeyInFlightException;
import dev.switchboard.orchestrator.port.InMemoryJobQueries;
import dev.switchboard.orchestrator.port.JobOutcomeUnknownException;
import dev.switchboard.orchestrator.port.JobRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** An Idempotency-Key whose write has an unknown outcome: held while unknown, released once known (decision 0020). */
class IdempotencyOutcomeTest {
    private final InMemoryJobQueries queries = new InMemoryJobQueries();
    private final Idempotency idempotency = new Idempotency(queries, Duration.ofMillis(200));
    private final List<UUID> writes = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Boolean> settled = new CompletableFuture<>();
    /** Writes whose outcome stays unknown until {@link #settled} completes. */
    private final Consumer<UUID> undecidedWrite = jobId -> {
        writes.add(jobId);
        throw new JobOutcomeUnknownException(jobId, "commit timed out", null, settled);
    };
    private final Consumer<UUID> write = writes::add;

    private static JobRequest request(String text) {
        return new JobRequest(text, "text/plain", List.of("sentiment"), null, Duration.ofMinutes(1), Map.of(), "hash-of-" + text);
    }

    @Test
    void shouldHoldTheKeyWhileTheOutcomeIsUnknownAndLetARetryWriteOnceKnownNotWritten() {
        // Given a submit whose write ended with an unknown outcome
        assertThatThrownBy(() -> idempotency.submit(request("a"), "caller", "k", undecidedWrite))
                .isInstanceOf(JobOutcomeUnknownException.class);

        // When the same key is retried while the outcome is unknown
        // Then it is refused as in flight, and nothing more is written
        assertThatThrownBy(() -> idempotency.submit(request("a"), "caller", "k", write))
                .isInstanceOf(IdempotencyKeyInFlightException.class);
        assertThat(writes).hasSize(1);

        // When the outcome becomes known: not written
        settled.complete(false);

        // Then a retry with the key writes the job again, under the same id
        AcceptedJob retried = idempotency.submit(request("a"), "caller", "k", write);
        assertThat(retried).isEqualTo(new AcceptedJob(JobIds.newJobId("caller", "k"), false));
        assertThat(writes).containsExactly(retried.jobId(), retried.jobId());
    }

    @Test
    void shouldReplayTheJobForTheKeyOnceTheUnknownOutcomeIsKnownCommitted() {
        // Given a submit whose outcome was unknown and is then known committed
        assertThatThrownBy(() -> idempotency.submit(request("a"), "caller", "k", undecidedWrite))
                .isInstanceOf(JobOutcomeUnknownException.class);
        settled.complete(true);

        // When the same submit is retried
        AcceptedJob again = idempotency.submit(request("a"), "caller", "k", write);

        // Then it is that job, replayed, without a second write
        assertThat(again).isEqualTo(new AcceptedJob(JobIds.newJobId("caller", "k"), true));
        assertThat(writes).hasSize(1);
    }
}
