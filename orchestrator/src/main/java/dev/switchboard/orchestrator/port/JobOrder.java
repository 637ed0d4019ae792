package dev.switchboard.orchestrator.port;

import dev.switchboard.contracts.message.JobManifest;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;

/** A job's place in {@code GET /v1/jobs}: newest first (its manifest's {@code submittedAt}, latest first), then by id. */
public record JobOrder(Instant submittedAt, UUID jobId) implements Comparable<JobOrder> {
    private static final Comparator<JobOrder> NEWEST_FIRST = Comparator.comparing(JobOrder::submittedAt).reversed()
            .thenComparing(o -> o.jobId().toString());

    public JobOrder {
        Objects.requireNonNull(submittedAt, "submittedAt");
        Objects.requireNonNull(jobId, "jobId");
    }

    public static JobOrder of(JobManifest manifest) {
        return new JobOrder(manifest.submittedAt(), manifest.jobId());
    }

    @Override
    public int compareTo(JobOrder other) {
        return NEWEST_FIRST.compare(this, other);
    }
}
