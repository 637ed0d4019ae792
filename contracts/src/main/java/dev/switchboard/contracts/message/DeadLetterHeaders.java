package dev.switchboard.contracts.message;

/**
 * The header names of a dead-letter record on {@code switchboard.tasks.<agent>.dlq} (written by the agent runtime,
 * read by the DLQ API), and of a task replayed from one (decision 0025). A dead letter's value is the task as it
 * was consumed (or a truncated copy: {@link #TRUNCATED}); these headers say where it came from and why it failed.
 */
public final class DeadLetterHeaders {
    /** The exception class that failed the task, or {@code POISON_RECORD} for a record in flight during crashes. */
    public static final String ERROR_CLASS = "switchboard.error.class";
    /** The failure's {@link ErrorType} name, when the runtime classified it. */
    public static final String ERROR_TYPE = "switchboard.error.type";
    public static final String ERROR_MESSAGE = "switchboard.error.message";
    public static final String ATTEMPTS = "switchboard.attempts";
    public static final String SOURCE_TOPIC = "switchboard.source.topic";
    public static final String SOURCE_PARTITION = "switchboard.source.partition";
    public static final String SOURCE_OFFSET = "switchboard.source.offset";
    public static final String FAILED_AT = "switchboard.failed.at";
    public static final String CRASHES = "switchboard.crashes";
    public static final String TRUNCATED = "switchboard.truncated";
    public static final String ORIGINAL_BYTES = "switchboard.original.bytes";
    public static final String HEADERS_DROPPED = "switchboard.headers.dropped";
    /** On a refused submission ({@code switchboard.submissions.dlq}): the HTTP status the same body gets from {@code POST /v1/jobs}. */
    public static final String ERROR_STATUS = "switchboard.error.status";
    /** On a refused submission: the {@code application/problem+json} the HTTP API would answer, field errors included. */
    public static final String ERROR_PROBLEM = "switchboard.error.problem";
    /** The error class of a record set aside after process crashes. */
    public static final String POISON_RECORD = "POISON_RECORD";

    /**
     * On a replayed task, and carried by the agent runtime onto its result, retries and dead letters: the
     * {@link DeadLetterRef} of the dead letter it was replayed from (UTF-8). The aggregator amends a reported job only
     * for a result that carries it, once per ref.
     */
    public static final String REPLAY_OF = "switchboard.replay.of";
    /** On a replayed task: when the replay was sent (ISO-8601 UTC). */
    public static final String REPLAY_AT = "switchboard.replay.at";
    /** On a replayed task: the attempts the dead letter had used (the replay starts again at attempt 1, decision 0026). */
    public static final String REPLAY_ATTEMPTS = "switchboard.replay.attempts";

    private DeadLetterHeaders() {
    }
}
