package dev.switchboard.orchestrator.jobs;

import dev.switchboard.orchestrator.port.AcceptedJob;
import dev.switchboard.orchestrator.port.FanOutException;
import dev.switchboard.orchestrator.port.IdempotencyKeyInFlightException;
import dev.switchboard.orchestrator.port.IdempotencyKeyReusedException;
import dev.switchboard.orchestrator.port.JobOutcomeUnknownException;
import dev.switchboard.orchestrator.port.JobQueries;
import dev.switchboard.orchestrator.port.JobRequest;
import dev.switchboard.orchestrator.port.BatchItem;
import dev.switchboard.orchestrator.port.BatchResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The one place that decides what an {@code Idempotency-Key} means. The job id is derived from
 * (caller, key) ({@link JobIds#newJobId}), so every instance, also after a restart, names the same
 * job for a retried submit. Then: the same key with the same request (its {@code requestHash})
 * gives that job again without writing anything; the same key with another request is refused
 * ({@link IdempotencyKeyReusedException}, 409); a submit whose key is being written right now by
 * this instance waits for that write and then answers as above (if that write failed, it writes
 * itself). Earlier requests are known from this instance's recent submits and from the read model
 * (manifests of any instance, once read back). Known gap, as before: two instances taking the same
 * key at the same moment, before either sees the other's manifest, both write. A write whose outcome is unknown
 * ({@link JobOutcomeUnknownException}) keeps its key claimed until the outcome is known, then releases it.
 */
public final class Idempotency {
    static final int RECENT_SUBMITS = 10_000;
    /**
     * How long a same-key submit waits for the write in flight before it answers "still being written, retry" (409):
     * long enough for an ordinary write, short enough not to hold an HTTP thread for a stuck one.
     */
    static final Duration IN_FLIGHT_WAIT = Duration.ofSeconds(10);

    private final JobQueries queries;
    /** Request hashes of this instance's submits, for the window before the read model has their manifests. */
    private final Map<UUID, String> recent = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, String> eldest) {
            return size() > RECENT_SUBMITS;
        }
    });
    private final Map<UUID, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

    private final Duration inFlightWait;

    public Idempotency(JobQueries queries) {
        this(queries, IN_FLIGHT_WAIT);
    }

    Idempotency(JobQueries queries, Duration inFlightWait) {
        this.queries = queries;
        this.inFlightWait = inFlightWait;
    }

    /**
     * Submits {@code request} once per (caller, key): {@code write} writes the job under the id it is
     * given and throws when it refused it; it is not called for a replay or a conflict.
     */
    public AcceptedJob submit(JobRequest request, String caller, String key, Consumer<UUID> write) {
        UUID jobId = JobIds.newJobId(caller, key);
        if (key == null) {
            write.accept(jobId);
            return new AcceptedJob(jobId, false);
        }
        Claim claim = claim(jobId, key, request, System.nanoTime() + inFlightWait.toNanos());
        if (claim.earlier() != null) {
            return claim.earlier();
        }
        boolean written = false;
        RuntimeException failure = null;
        try {
            write.accept(jobId);
            written = true;
            return new AcceptedJob(jobId, false);
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            finish(jobId, request, claim.mine(), written, failure);
        }
    }

    /** Writes jobs together: each id with its request, in order; answers each one's failure, or null when written. */
    @FunctionalInterface
    public interface BulkWrite {
        List<RuntimeException> write(List<UUID> jobIds, List<JobRequest> requests);
    }

    /**
     * The bulk {@link #submit}: each item is decided by the same rules under its own key (replay, conflict, a wait for a
     * write in flight), then every item left to write goes to {@code write} at once. An item whose key an earlier item
     * of the same batch has is that item's job again (same request) or a conflict (another request). One result per
     * item, in order; a refusal is one of {@link #submit}'s exceptions. Waits for keys in flight share one deadline
     * ({@code inFlightWait} for the whole batch): after it, each further contested item is refused in flight at once. Any
     * claim not finished (the write threw, even an {@link Error}) is released before this returns or throws.
     */
    public List<BatchResult> submitAll(List<BatchItem> items, String caller, BulkWrite write) {
        BatchResult[] results = new BatchResult[items.size()];
        Map<UUID, Integer> firstWithKey = new HashMap<>();
        Map<Integer, Integer> repeats = new LinkedHashMap<>();
        Map<Integer, CompletableFuture<Void>> claims = new HashMap<>();
        List<Integer> toWrite = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        long deadline = System.nanoTime() + inFlightWait.toNanos(); // one wait for the whole batch, not one per item
        try {
            for (int i = 0; i < items.size(); i++) {
                BatchItem item = items.get(i);
                UUID jobId = JobIds.newJobId(caller, item.idempotencyKey());
                if (item.idempotencyKey() != null) {
                    Integer first = firstWithKey.putIfAbsent(jobId, i);
                    if (first != null) {
                        repeats.put(i, first);
                        continue;
                    }
                    try {
                        Claim claim = claim(jobId, item.idempotencyKey(), item.request(), deadline);
                        if (claim.earlier() != null) {
                            results[i] = BatchResult.accepted(claim.earlier());
                            continue;
                        }
                        claims.put(i, claim.mine());
                    } catch (IdempotencyKeyReusedException | IdempotencyKeyInFlightException | FanOutException e) {
                        results[i] = BatchResult.refused(e);
                        continue;
                    }
                }
                toWrite.add(i);
                ids.add(jobId);
            }
            List<RuntimeException> failures = writeAll(write, ids, toWrite.stream().map(i -> items.get(i).request()).toList());
            for (int k = 0; k < toWrite.size(); k++) {
                int i = toWrite.get(k);
                RuntimeException failure = failures.get(k);
                CompletableFuture<Void> claim = claims.remove(i);
                if (claim != null) {
                    finish(ids.get(k), items.get(i).request(), claim, failure == null, failure);
                }
                results[i] = failure == null ? BatchResult.accepted(new AcceptedJob(ids.get(k), false)) : BatchResult.refused(failure);
            }
        } finally {
            claims.forEach((i, mine) -> release(JobIds.newJobId(caller, items.get(i).idempotencyKey()), mine)); // never left claimed
        }
        repeats.forEach((i, first) -> results[i] = repeatOf(items.get(i), items.get(first), results[first], caller));
        return List.of(results);
    }

    /** {@code write}'s answer; a write that throws instead fails every job it was given, none of them written. */
    private static List<RuntimeException> writeAll(BulkWrite write, List<UUID> ids, List<JobRequest> requests) {
        if (ids.isEmpty()) {
            return List.of();
        }
        try {
            List<RuntimeException> failures = write.write(ids, requests);
            if (failures.size() != ids.size()) {
                throw new IllegalStateException("A bulk write answered " + failures.size() + " results for " + ids.size() + " jobs");
            }
            return failures;
        } catch (RuntimeException e) {
            FanOutException failure = e instanceof FanOutException f ? f
                    : new FanOutException("The batch could not be written: " + e.getMessage(), e);
            return Collections.nCopies(ids.size(), failure);
        }
    }

    /** An item whose key an earlier item of its batch has: that item's answer again, or a conflict. */
    private static BatchResult repeatOf(BatchItem item, BatchItem first, BatchResult firstResult, String caller) {
        if (!item.request().requestHash().equals(first.request().requestHash())) {
            return BatchResult.refused(new IdempotencyKeyReusedException(item.idempotencyKey(),
                    JobIds.newJobId(caller, item.idempotencyKey())));
        }
        return firstResult.job() == null ? firstResult : BatchResult.accepted(new AcceptedJob(firstResult.job().jobId(), true));
    }

    /** Either an earlier submit's job with this key (answer it again), or this submit's claim on the key (write, then finish). */
    private record Claim(AcceptedJob earlier, CompletableFuture<Void> mine) {
    }

    /**
     * Decides a keyed submit before its write: an earlier submit's job, a conflict (throws), or, after waiting for any
     * write of the key in flight here (until {@code deadline}, a {@link System#nanoTime()}), this submit's claim.
     */
    private Claim claim(UUID jobId, String key, JobRequest request, long deadline) {
        while (true) {
            Optional<AcceptedJob> earlier = earlier(jobId, key, request);
            if (earlier.isPresent()) {
                return new Claim(earlier.get(), null);
            }
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> theirs = inFlight.putIfAbsent(jobId, mine);
            if (theirs != null) {
                awaitOther(theirs, key, deadline);
                continue; // decide again, now that the other write ended
            }
            try {
                earlier = earlier(jobId, key, request); // the other write may have ended between the check and the claim
            } catch (RuntimeException e) {
                release(jobId, mine);
                throw e;
            }
            if (earlier.isPresent()) {
                release(jobId, mine);
                return new Claim(earlier.get(), null);
            }
            return new Claim(null, mine);
        }
    }

    /** Ends a claim: written, the key is this job's; of unknown outcome, it stays claimed until settled; else released. */
    private void finish(UUID jobId, JobRequest request, CompletableFuture<Void> mine, boolean written, RuntimeException failure) {
        if (written) {
            recent.put(jobId, request.requestHash());
        }
        if (!written && failure instanceof JobOutcomeUnknownException e) {
            holdUntilSettled(jobId, request, mine, e);
        } else {
            release(jobId, mine);
        }
    }

    private void release(UUID jobId, CompletableFuture<Void> mine) {
        inFlight.remove(jobId, mine);
        mine.complete(null);
    }

    /**
     * The key stays claimed while the outcome is open (same-key submits answer 409 in flight); once known it is
     * released: committed, the job is this key's (a retry replays it); not written, a retry writes again.
     */
    private void holdUntilSettled(UUID jobId, JobRequest request, CompletableFuture<Void> mine, JobOutcomeUnknownException e) {
        e.settled().whenComplete((committed, error) -> {
            if (Boolean.TRUE.equals(committed)) {
                recent.put(jobId, request.requestHash());
            }
            release(jobId, mine);
        });
    }

    private Optional<AcceptedJob> earlier(UUID jobId, String key, JobRequest request) {
        String hash = recent.get(jobId);
        if (hash == null) {
            hash = queries.job(jobId).map(s -> s.manifest().requestHash()).orElse(null);
        }
        if (hash == null) {
            return Optional.empty();
        }
        if (!hash.equals(request.requestHash())) {
            throw new IdempotencyKeyReusedException(key, jobId);
        }
        return Optional.of(new AcceptedJob(jobId, true));
    }

    private static void awaitOther(CompletableFuture<Void> other, String key, long deadline) {
        try {
            other.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            // never completed exceptionally; nothing to do
        } catch (TimeoutException e) {
            throw new IdempotencyKeyInFlightException(key);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FanOutException("Interrupted while waiting for a submit with the same Idempotency-Key", e);
        }
    }
}
