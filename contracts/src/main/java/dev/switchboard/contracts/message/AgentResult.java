package dev.switchboard.contracts.message;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What one agent produced for one job, keyed by jobId on {@code switchboard.results}. {@code headline} is optional:
 * the agent's one-sentence contribution to the report's synthesis (absent in records written before it existed).
 */
public record AgentResult(
        int version,
        UUID jobId,
        UUID taskId,
        String agent,
        Status status,
        JsonNode output,
        ErrorInfo error,
        int attempts,
        String model,
        Usage usage,
        Instant startedAt,
        Instant finishedAt,
        String headline) implements Versioned {

    /** A longer headline is cut to this many characters, the last one an ellipsis (a summary's headline is long). */
    public static final int MAX_HEADLINE_CHARS = 4_000;

    public enum Status { OK, FAILED }

    public AgentResult {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(status, "status");
        usage = usage == null ? Usage.NONE : usage;
        if (status == Status.OK && output == null) {
            throw new IllegalArgumentException("an OK result needs an output");
        }
        if (status == Status.FAILED && error == null) {
            throw new IllegalArgumentException("a FAILED result needs an error");
        }
        headline = bounded(headline);
    }

    /** A result without a headline (the shape of version 1 before the field was added). */
    public AgentResult(int version, UUID jobId, UUID taskId, String agent, Status status, JsonNode output, ErrorInfo error,
                       int attempts, String model, Usage usage, Instant startedAt, Instant finishedAt) {
        this(version, jobId, taskId, agent, status, output, error, attempts, model, usage, startedAt, finishedAt, null);
    }

    public static AgentResult ok(Task task, JsonNode output, String model, Usage usage, Instant startedAt, Instant finishedAt) {
        return ok(task, output, null, model, usage, startedAt, finishedAt);
    }

    /** An OK result with the agent's headline for the report's synthesis ({@code null} for none). */
    public static AgentResult ok(Task task, JsonNode output, String headline, String model, Usage usage,
                                 Instant startedAt, Instant finishedAt) {
        return new AgentResult(CURRENT_VERSION, task.jobId(), task.taskId(), task.agent(), Status.OK, output, null,
                task.attempt(), model, usage, startedAt, finishedAt, headline);
    }

    public static AgentResult failed(Task task, ErrorInfo error, String model, Usage usage, Instant startedAt, Instant finishedAt) {
        return new AgentResult(CURRENT_VERSION, task.jobId(), task.taskId(), task.agent(), Status.FAILED, null, error,
                task.attempt(), model, usage, startedAt, finishedAt);
    }

    public boolean isOk() {
        return status == Status.OK;
    }

    /** The headline, if the agent gave one. */
    public java.util.Optional<String> findHeadline() {
        return java.util.Optional.ofNullable(headline);
    }

    /**
     * One line of plain text: control characters (newlines, ANSI escapes, NUL) become spaces, blank means none, and past
     * {@link #MAX_HEADLINE_CHARS} it is cut, never inside a surrogate pair, and ends with an ellipsis. Headlines come from
     * agent code, possibly a third party's, and are printed to terminals.
     */
    private static String bounded(String headline) {
        if (headline == null) {
            return null;
        }
        String text = CONTROL.matcher(headline).replaceAll(" ").strip();
        if (text.isEmpty()) {
            return null;
        }
        if (text.length() <= MAX_HEADLINE_CHARS) {
            return text;
        }
        int end = MAX_HEADLINE_CHARS - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "\u2026";
    }

    private static final java.util.regex.Pattern CONTROL = java.util.regex.Pattern.compile("[\\p{Cntrl}\\p{Zl}\\p{Zp}\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069]");
}
