package dev.switchboard.core.runtime;

/** Where a failed task goes. */
public enum FailureRoute {
    /** To the agent's next retry tier (or the dead-letter topic once attempts run out). */
    RETRY,
    /** Straight to the dead-letter topic, with a FAILED result. */
    DEAD_LETTER
}
