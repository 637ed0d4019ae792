package dev.switchboard.orchestrator.view;

import dev.switchboard.orchestrator.port.SubmitOutcome;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Jobs this instance wrote but could not confirm, until the log tells their fate. A job is committed as soon as its
 * manifest reaches the view. It is known not written when its writer says so, or when, after its transaction's fate
 * was sealed on the broker, the view has read the jobs topic up to the end offsets ({@code read_committed}: the last
 * stable offsets) asked for after the sealing without meeting its manifest. Sealing and those asks are ordered by a
 * counter ({@link #mark}), not by clock readings of equal milliseconds. Known-not-written jobs are remembered for the
 * last {@value #REMEMBERED} of them.
 */
final class SubmitOutcomes {
    static final int REMEMBERED = 10_000;
    private static final long OPEN = Long.MAX_VALUE;

    private record Undecided(CompletableFuture<Boolean> settled, AtomicLong sealedAt) {
    }

    private final Map<UUID, Undecided> undecided = new ConcurrentHashMap<>();
    private final Map<UUID, Boolean> notWritten = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });
    private final AtomicLong marks = new AtomicLong();

    /** Tracks the job until its outcome is known; the stage completes with true (committed) or false (not written). */
    CompletableFuture<Boolean> track(UUID jobId, CompletionStage<Void> decided) {
        Undecided u = undecided.computeIfAbsent(jobId, id -> new Undecided(new CompletableFuture<>(), new AtomicLong(OPEN)));
        notWritten.remove(jobId);
        decided.whenComplete((sealed, error) -> {
            if (error != null) {
                notWritten(jobId);
            } else {
                u.sealedAt().set(marks.get());
            }
        });
        return u.settled().copy();
    }

    /** The job's manifest is in the view. */
    void committed(UUID jobId) {
        Undecided u = undecided.remove(jobId);
        if (u != null) {
            u.settled().complete(true);
        }
    }

    private void notWritten(UUID jobId) {
        Undecided u = undecided.remove(jobId);
        if (u != null) {
            notWritten.put(jobId, Boolean.TRUE);
            u.settled().complete(false);
        }
    }

    /** Whether a sealed job waits for the view to read the jobs topic to its end. */
    boolean awaitingLog() {
        return undecided.values().stream().anyMatch(u -> u.sealedAt().get() != OPEN);
    }

    /** A mark to take right before asking for the jobs topic's end offsets. */
    long mark() {
        return marks.incrementAndGet();
    }

    /** The view has read every committed jobs record as of {@code mark}: each job sealed before it, still without its manifest, was not written. */
    void readThrough(long mark, java.util.function.Predicate<UUID> known) {
        undecided.forEach((jobId, u) -> {
            if (u.sealedAt().get() < mark) {
                if (known.test(jobId)) {
                    committed(jobId);
                } else {
                    notWritten(jobId);
                }
            }
        });
    }

    Optional<SubmitOutcome> outcome(UUID jobId) {
        if (undecided.containsKey(jobId)) {
            return Optional.of(SubmitOutcome.UNKNOWN);
        }
        return notWritten.containsKey(jobId) ? Optional.of(SubmitOutcome.NOT_SUBMITTED) : Optional.empty();
    }
}
