package dev.switchboard.orchestrator.port;

/** A job's status as clients see it. */
public enum JobStatus {
    /** Submitted; no agent has reported anything yet. */
    PENDING,
    /** At least one agent has finished, failed or is retrying; no report yet. */
    RUNNING,
    COMPLETED,
    PARTIAL,
    TIMED_OUT,
    FAILED
}
