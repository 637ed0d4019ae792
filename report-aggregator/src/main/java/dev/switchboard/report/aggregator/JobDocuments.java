package dev.switchboard.report.aggregator;

import dev.switchboard.contracts.message.Document;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The documents of open staged jobs (decision 0030), apart from their state so a job's state stays small: kept from the
 * manifest while some later stage of the job is unreleased, deleted when the last one is released or failed in its
 * place, or the job is reported (a job's state is only removed after its report, or as an orphan that never had a
 * manifest, so that deletes it too). A job without stages never touches this store.
 */
final class JobDocuments {
    private final KeyValueStore<String, Document> store;

    JobDocuments(KeyValueStore<String, Document> store) {
        this.store = store;
    }

    /** The document {@code job}'s later stages work on, {@code null} when none is kept (no stage waits). */
    Document of(String jobId, JobAggregate job) {
        return needed(job) ? store.get(jobId) : null;
    }

    /** Keeps {@code document} for {@code after}, or drops it, after a change from {@code before} ({@code null}: a new manifest). */
    void update(String jobId, JobAggregate before, JobAggregate after, Document document) {
        boolean wasKept = before != null && needed(before);
        boolean keep = needed(after);
        if (keep && !wasKept && document != null) {
            store.put(jobId, document);
        } else if (wasKept && !keep) {
            store.delete(jobId);
        }
    }

    private static boolean needed(JobAggregate job) {
        return !job.isReported() && job.hasUnreleasedStages();
    }
}
