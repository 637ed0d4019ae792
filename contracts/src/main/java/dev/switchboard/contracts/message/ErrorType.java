package dev.switchboard.contracts.message;

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
    /** The record on the task topic could not be read as a Task (also: a message version this code does not know). */
    UNREADABLE_TASK,
    /**
     * The agent (or its offline model) threw an {@link Error} such as {@code StackOverflowError} or
     * {@code OutOfMemoryError}, or ran past its time budget: the task failed, the worker goes on.
     */
    AGENT_CRASHED,
    /** The agent's output made a result larger than the results topic takes. */
    OUTPUT_TOO_LARGE,
    /** The record was in flight during too many process crashes; it is set aside so its partition moves on. */
    POISON_RECORD,
    /** The next model call would have taken the task past its share of the job's token budget. */
    BUDGET_EXCEEDED,
    /** An agent this one needs failed or gave no usable output, and this agent cannot work without it (decision 0030). */
    INPUT_FAILED,
    /**
     * A later stage's task, the document and the outputs of the agents it needs together, would be larger than its task
     * topic takes: the aggregator records this FAILED result instead of releasing the task (decision 0030).
     */
    INPUTS_TOO_LARGE
}
