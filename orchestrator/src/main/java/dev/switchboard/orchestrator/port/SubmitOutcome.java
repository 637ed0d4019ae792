package dev.switchboard.orchestrator.port;

/** What the read model knows of a job this instance could not confirm at submit time ({@link JobOutcomeUnknownException}). */
public enum SubmitOutcome {
    /** The transaction's fate is not known yet: poll again. */
    UNKNOWN,
    /** Known: nothing of the job was written (the transaction aborted); submitting again is safe. */
    NOT_SUBMITTED
}
