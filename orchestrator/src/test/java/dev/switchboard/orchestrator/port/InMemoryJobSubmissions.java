package dev.switchboard.orchestrator.port;

import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.Versioned;
import dev.switchboard.orchestrator.jobs.Idempotency;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The submit port in memory: an accepted job's manifest goes straight into the {@link InMemoryJobQueries}.
 * Idempotency is the production {@link Idempotency}, as in the Kafka implementation.
 */
public final class InMemoryJobSubmissions implements JobSubmissions {
    /** One job written: its manifest and the request it came from. */
    public record Written(JobManifest manifest, JobRequest request) {
    }

    private final InMemoryJobQueries queries;
    private final Idempotency idempotency;
    private final Clock clock;
    private final List<Written> written = new CopyOnWriteArrayList<>();
    private final AtomicReference<RuntimeException> refusal = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<Boolean>> undecided = new AtomicReference<>();
    private final AtomicReference<java.util.concurrent.CountDownLatch> held = new AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicInteger holding = new java.util.concurrent.atomic.AtomicInteger();

    public InMemoryJobSubmissions(InMemoryJobQueries queries, Clock clock) {
        this.queries = queries;
        this.idempotency = new Idempotency(queries);
        this.clock = clock;
    }

    /** Every following write throws {@code e} (a {@link FanOutException} or one of its kinds); null writes again. */
    public void refuseWith(RuntimeException e) {
        refusal.set(e);
    }

    /** Every following write waits until {@code gate} opens (null: writes at once); {@link #holding} counts the waiting. */
    public void holdWrites(java.util.concurrent.CountDownLatch gate) {
        held.set(gate);
    }

    /** Writes waiting at the {@link #holdWrites} gate now. */
    public int holding() {
        return holding.get();
    }

    public List<Written> written() {
        return List.copyOf(written);
    }

    @Override
    public AcceptedJob submit(JobRequest request, String caller, String idempotencyKey) {
        return idempotency.submit(request, caller, idempotencyKey, jobId -> write(jobId, request, caller));
    }

    /** The bulk rules of the production {@link Idempotency}; each job written (or refused) as {@link #submit} writes it. */
    @Override
    public List<BatchResult> submitAll(List<BatchItem> items, String caller) {
        return idempotency.submitAll(items, caller, (jobIds, requests) -> {
            List<RuntimeException> failures = new java.util.ArrayList<>();
            for (int i = 0; i < jobIds.size(); i++) {
                try {
                    write(jobIds.get(i), requests.get(i), caller);
                    failures.add(null);
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
            return failures;
        });
    }

    /**
     * Every following write is left undecided: the submit throws {@link JobOutcomeUnknownException}, the job reads
     * {@code UNKNOWN} until {@code settled} completes, then is written (true) or known not submitted (false).
     */
    public void leaveUndecided(CompletableFuture<Boolean> settled) {
        this.undecided.set(settled);
    }

    private void write(UUID jobId, JobRequest request, String owner) {
        java.util.concurrent.CountDownLatch gate = held.get();
        if (gate != null) {
            holding.incrementAndGet();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FanOutException("interrupted", e);
            } finally {
                holding.decrementAndGet();
            }
        }
        RuntimeException refused = refusal.get();
        if (refused != null) {
            throw refused;
        }
        CompletableFuture<Boolean> settled = undecided.get();
        if (settled != null) {
            queries.outcome(jobId, SubmitOutcome.UNKNOWN);
            CompletableFuture<Boolean> known = settled.whenComplete((committed, error) -> {
                if (Boolean.TRUE.equals(committed)) {
                    queries.outcome(jobId, null);
                    written(jobId, request, owner);
                } else {
                    queries.outcome(jobId, SubmitOutcome.NOT_SUBMITTED);
                }
            });
            throw new JobOutcomeUnknownException(jobId, "Kafka did not confirm the commit", null, known);
        }
        written(jobId, request, owner);
    }

    private void written(UUID jobId, JobRequest request, String owner) {
        Instant now = clock.instant();
        JobManifest manifest = new JobManifest(Versioned.CURRENT_VERSION, jobId, request.agents(), now, now.plus(request.deadline()),
                request.callbackUrl(), request.metadata(), request.requestHash(), owner, request.budget());
        written.add(new Written(manifest, request));
        queries.put(manifest);
    }
}
