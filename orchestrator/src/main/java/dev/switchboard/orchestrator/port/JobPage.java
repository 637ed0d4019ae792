package dev.switchboard.orchestrator.port;

import java.util.List;

/**
 * A page of {@link JobQueries#jobs}: the jobs found, newest first, and {@code next}, the place the following page starts
 * after (null: nothing more). {@code next} may be present with fewer than the asked-for jobs, when the page's scan
 * budget ran out ({@link JobListing#scanBudget}).
 */
public record JobPage(List<JobSnapshot> jobs, JobOrder next) {
    public JobPage {
        jobs = List.copyOf(jobs);
    }
}
