package dev.switchboard.report.aggregator;

import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.DeadLetterRef;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a result carrying a replay header may replace its agent's result in a job (decision 0025): the header is a
 * dead-letter ref of the result's own agent, the result is of the same task as the one the job holds for that agent,
 * that result is not OK (an amendment only fixes a failure or a missing result), and the job has had fewer than
 * {@link #MAX_REPLAYS} replays applied. Any process that writes results can set the header, so nothing else is trusted.
 */
final class ReplayCheck {
    /** At most this many replayed results are applied to one job (each may amend its report once). */
    static final int MAX_REPLAYS = 10;

    /** Why a replayed result was refused: tag {@code reason} of {@code switchboard.aggregator.replays.refused}. */
    enum Refusal {
        /** The header is not an {@code agent:partition:offset} ref. */
        BAD_REF,
        /** The ref names another agent than the result's. */
        OTHER_AGENT,
        /** The job's result of that agent is of another task. */
        OTHER_TASK,
        /** The job's result of that agent is OK: nothing to fix. */
        NOT_FAILED,
        /** The job already had {@link #MAX_REPLAYS} replays applied. */
        TOO_MANY;

        String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private ReplayCheck() {
    }

    /** Why {@code result}, replayed from dead letter {@code ref}, may not replace its agent's result in {@code job}; empty if it may. */
    static Optional<Refusal> refusal(JobAggregate job, AgentResult result, String ref) {
        DeadLetterRef parsed;
        try {
            parsed = DeadLetterRef.parse(ref);
        } catch (IllegalArgumentException e) {
            return Optional.of(Refusal.BAD_REF);
        }
        if (!parsed.agent().equals(result.agent())) {
            return Optional.of(Refusal.OTHER_AGENT);
        }
        AgentResult stored = job.results().get(result.agent());
        if (stored != null && !stored.taskId().equals(result.taskId())) {
            return Optional.of(Refusal.OTHER_TASK);
        }
        if (stored != null && stored.isOk()) {
            return Optional.of(Refusal.NOT_FAILED);
        }
        if (job.replays().size() >= MAX_REPLAYS) {
            return Optional.of(Refusal.TOO_MANY);
        }
        return Optional.empty();
    }
}
