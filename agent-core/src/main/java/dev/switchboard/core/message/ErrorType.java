package dev.switchboard.core.message;

/** The error types the framework itself reports in {@link ErrorInfo#type()}. */
public enum ErrorType {
    /** The job's deadline passed before the task could start. */
    DEADLINE_EXCEEDED,
    /** The task's input cannot be processed (empty, wrong format, not for this agent). */
    INVALID_INPUT,
    /** The model's answer did not fit the output schema, also after one repair request. */
    OUTPUT_SCHEMA_VIOLATION,
    /** A transient failure persisted through every retry tier. */
    RETRIES_EXHAUSTED,
    /** The model provider refused the request itself (authentication, bad request, unknown model, content filter). */
    LLM_REQUEST_REJECTED,
    /** The agent failed in a way that retrying cannot fix. */
    AGENT_ERROR,
    /** The record on the task topic could not be read as a Task. */
    UNREADABLE_TASK
}
