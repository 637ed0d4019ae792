package dev.switchboard.report.aggregator;

import dev.switchboard.contracts.message.JobManifest;
import java.time.Duration;
import java.time.Instant;

/**
 * The deadline the aggregator keeps for a job: the manifest's, held to
 * {@code [submittedAt, min(submittedAt, now) + maxDeadline]} and to the epoch. A deadline before its job was submitted
 * is due at once; one in the year 1 000 000 000 (valid JSON, an {@link Instant} like any other) is due
 * {@code maxDeadline} after the job was submitted or seen, whichever is earlier, so a job never stays open longer than
 * the orchestrator would allow, and every time reaching the time index fits its keys.
 */
final class DeadlineBounds {
    private final Duration maxDeadline;

    DeadlineBounds(Duration maxDeadline) {
        this.maxDeadline = maxDeadline;
    }

    /** The deadline to keep for {@code manifest}, seen at {@code now}; equal to the manifest's unless it was out of bounds. */
    Instant clamp(JobManifest manifest, Instant now) {
        Instant submitted = manifest.submittedAt();
        Instant latest = (submitted.isBefore(now) ? submitted : now).plus(maxDeadline);
        Instant due = manifest.deadline();
        if (due.isBefore(submitted)) {
            due = submitted;
        }
        if (due.isAfter(latest)) {
            due = latest;
        }
        return due.isBefore(Instant.EPOCH) ? Instant.EPOCH : due;
    }
}
