package dev.switchboard.contracts.message;

/**
 * The most a job (on {@link JobManifest}) or one of its tasks (on {@link Task}) may spend on model calls. A job's
 * {@code maxTokens} is shared out evenly among its tasks; a task that would go past its share fails
 * {@link ErrorType#BUDGET_EXCEEDED} (never retried, dead-lettered).
 */
public record Budget(long maxTokens) {
    /** The largest budget a job may ask for (about a trillion tokens): more is a typo, not a budget. */
    public static final long MAX_TOKENS = 1_000_000_000_000L;

    public Budget {
        if (maxTokens < 1 || maxTokens > MAX_TOKENS) {
            throw new IllegalArgumentException("budget.maxTokens must be between 1 and " + MAX_TOKENS + ", was " + maxTokens);
        }
    }

    /** This job budget's share for one of {@code tasks} tasks (at least one token). */
    public Budget perTask(int tasks) {
        return new Budget(Math.max(1, maxTokens / Math.max(1, tasks)));
    }
}
