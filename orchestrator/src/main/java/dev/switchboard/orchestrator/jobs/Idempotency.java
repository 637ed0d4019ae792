package dev.switchboard.orchestrator.jobs;

import dev.switchboard.orchestrator.port.AcceptedJob;
import dev.switchboard.orchestrator.port.FanOutException;
import dev.switchboard.orchestrator.port.IdempotencyKeyInFlightException;
import dev.switchboard.orchestrator.port.IdempotencyKeyReusedException;
import dev.switchboard.orchestrator.port.JobOutcomeUnknownException;
import dev.switchboard.orchestrator.port.JobQueries;
import dev.switchboard.orchestrator.port.JobRequest;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
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
        while (true) {
            Optional<AcceptedJob> earlier = earlier(jobId, key, request);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> theirs = inFlight.putIfAbsent(jobId, mine);
            if (theirs != null) {
                awaitOther(theirs, key);
                continue; // decide again, now that the other write ended
            }
            boolean release = true;
            try {
                earlier = earlier(jobId, key, request); // the other write may have ended between the check and the claim
                if (earlier.isPresent()) {
                    return earlier.get();
                }
                write.accept(jobId);
                recent.put(jobId, request.requestHash());
                return new AcceptedJob(jobId, false);
            } catch (JobOutcomeUnknownException e) {
                release = false;
                holdUntilSettled(jobId, request, mine, e);
                throw e;
            } finally {
                if (release) {
                    inFlight.remove(jobId, mine);
                    mine.complete(null);
                }
            }
        }
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
            inFlight.remove(jobId, mine);
            mine.complete(null);
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

    private void awaitOther(CompletableFuture<Void> other, String key) {
        try {
            other.get(inFlightWait.toMillis(), TimeUnit.MILLISECONDS);
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
