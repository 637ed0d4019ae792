package dev.switchboard.orchestrator.port;

import java.util.Set;

/**
 * One {@code GET /v1/jobs} page to find: the jobs after {@code after} (null: from the newest) that {@code caller} may
 * read (null: a caller that sees every job) in one of {@code statuses}, at most {@code limit} of them. A page examines
 * at most {@link #scanBudget} index entries, so a caller owning few jobs, or a rare status, never walks the whole view
 * per request: the page may then hold fewer than {@code limit} jobs (even none) while {@link JobPage#next} is present.
 */
public record JobListing(JobOrder after, String caller, Set<JobStatus> statuses, int limit) {
    private static final int MIN_SCAN_BUDGET = 2000;
    private static final int SCAN_BUDGET_PER_JOB = 10;

    public JobListing {
        statuses = Set.copyOf(statuses);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
    }

    /** Index entries one page may examine. */
    public int scanBudget() {
        return Math.max(SCAN_BUDGET_PER_JOB * limit, MIN_SCAN_BUDGET);
    }

    /** Whether the caller may read a job of {@code owner} (decision 0021: its owner's, and owner-less jobs by anyone). */
    public boolean readable(String owner) {
        return readableBy(owner, caller);
    }

    /** The rule of {@link #readable}: {@code caller} null sees every job; a job without owner is everyone's. */
    public static boolean readableBy(String owner, String caller) {
        return caller == null || owner == null || caller.equals(owner);
    }
}
