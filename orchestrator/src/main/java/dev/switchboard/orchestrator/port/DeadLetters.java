package dev.switchboard.orchestrator.port;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.message.DeadLetterRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dead-letter port (decision 0026): what the agents' dead-letter topics hold, and replaying them onto the agents'
 * task topics. Every read is bounded in time and records; a listing says when it stopped short.
 */
public interface DeadLetters {

    /**
     * Which dead letters: of {@code agent} ({@code null}: every agent), failed at or after {@code since} ({@code null}:
     * everything kept), whose error class (full or simple name) or error type is {@code errorClass} ({@code null}: any).
     */
    record Filter(String agent, Instant since, String errorClass) {
        public static final Filter ALL = new Filter(null, null, null);

        /** Whether {@code letter} passes the error filter (the agent and time are applied while reading). */
        public boolean matchesError(Letter letter) {
            if (errorClass == null) {
                return true;
            }
            String full = letter.errorClass();
            String simple = full == null ? null : full.substring(Math.max(full.lastIndexOf('.'), full.lastIndexOf('$')) + 1);
            return errorClass.equals(full) || errorClass.equals(simple) || errorClass.equals(letter.errorType());
        }
    }

    /**
     * One dead letter. {@code task} is the dead-lettered task's JSON, {@code null} when the copy is truncated or not
     * a task, and in listings (which keep summaries only: no task, no headers, the error message cut short);
     * {@code replayedAt} is {@code null} until the replay ledger has it; {@code replayKnown} is false when the ledger
     * could not be read in time (then whether it was replayed is unknown).
     */
    record Letter(DeadLetterRef ref, String jobId, String taskId, Integer attempts, String errorClass, String errorType,
                  String errorMessage, Instant failedAt, String sourceTopic, boolean truncated, Instant replayedAt,
                  boolean replayKnown, Map<String, String> headers, JsonNode task) {
        public boolean replayed() {
            return replayedAt != null;
        }
    }

    /** Dead letters newest first; {@code complete} is false when the read stopped at its time or record bound. */
    record Listing(List<Letter> letters, boolean complete) {
    }

    /** A replay of the dead letters {@code refs} (empty: those the filter selects), at most {@code max} sent. */
    record ReplayRequest(Filter filter, List<DeadLetterRef> refs, int max, boolean dryRun) {
    }

    /**
     * A dead letter replayed (or, on a dry run, that would be) onto {@code topic}; {@code warning} is a slug
     * ({@code job-older-than-amend-window}) or {@code null}.
     */
    record Sent(DeadLetterRef ref, String jobId, String taskId, String topic, String warning) {
    }

    /** A dead letter not replayed, and why: {@code reason} is a slug, {@code detail} a sentence. */
    record Skipped(DeadLetterRef ref, String reason, String detail) {
    }

    record ReplayOutcome(boolean dryRun, List<Sent> sent, List<Skipped> skipped, boolean complete) {
    }

    /** The dead letters the filter selects, newest first, at most {@code limit}. */
    Listing list(Filter filter, int limit);

    /** One dead letter, with every header and the task. */
    Optional<Letter> find(DeadLetterRef ref);

    /** Replays the selected dead letters that were never replayed; each with its ledger record in one transaction. */
    ReplayOutcome replay(ReplayRequest request);

    /** Whether {@code agent} has a dead-letter topic here (a ref or filter naming another is refused). */
    boolean knows(String agent);

    /** No dead letters (tests, stand-ins). */
    DeadLetters NONE = new DeadLetters() {
        @Override
        public Listing list(Filter filter, int limit) {
            return new Listing(List.of(), true);
        }

        @Override
        public Optional<Letter> find(DeadLetterRef ref) {
            return Optional.empty();
        }

        @Override
        public ReplayOutcome replay(ReplayRequest request) {
            return new ReplayOutcome(request.dryRun(), List.of(), List.of(), true);
        }

        @Override
        public boolean knows(String agent) {
            return false;
        }
    };
}
