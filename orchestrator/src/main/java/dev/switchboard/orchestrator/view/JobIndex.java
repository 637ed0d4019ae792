package dev.switchboard.orchestrator.view;

import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.orchestrator.port.JobListing;
import dev.switchboard.orchestrator.port.JobOrder;
import dev.switchboard.orchestrator.port.JobPage;
import dev.switchboard.orchestrator.port.JobSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The view's jobs in {@link JobOrder} (newest first), each with its owner, so a page of {@code GET /v1/jobs} walks from
 * a cursor instead of sorting the view, and skips other owners' jobs without snapshotting them. Holds the jobs whose
 * manifest the view knows; the view's eviction drops the ones it forgets ({@link #retain}), so it is bounded like the
 * view. {@link #add} (HTTP threads, the updater) and {@link #retain} (eviction) take one lock, so an entry cannot stay
 * in the order after its job left; pages read without it.
 */
final class JobIndex {
    private record Entry(JobOrder order, String owner) {
    }

    private final NavigableSet<JobOrder> ordered = new ConcurrentSkipListSet<>();
    private final Map<UUID, Entry> byId = new ConcurrentHashMap<>();
    private final LongAdder examined = new LongAdder();

    synchronized void add(JobManifest manifest) {
        Entry entry = new Entry(JobOrder.of(manifest), manifest.owner());
        Entry before = byId.put(manifest.jobId(), entry);
        if (before != null && !before.order().equals(entry.order())) {
            ordered.remove(before.order());
        }
        ordered.add(entry.order());
    }

    /** Keeps only the jobs {@code kept} accepts. */
    synchronized void retain(Predicate<UUID> kept) {
        byId.values().removeIf(entry -> {
            if (kept.test(entry.order().jobId())) {
                return false;
            }
            ordered.remove(entry.order());
            return true;
        });
    }

    /**
     * The page {@code listing} asks for: its caller's jobs after its place that {@code lookup} finds (a job the view no
     * longer has, or whose status is not asked for, reads as empty), examining at most its scan budget of entries; when
     * the budget runs out, {@code next} is the last entry examined.
     */
    JobPage page(JobListing listing, Function<UUID, Optional<JobSnapshot>> lookup) {
        List<JobSnapshot> found = new ArrayList<>();
        JobOrder lastFound = null;
        JobOrder lastExamined = null;
        int budget = listing.scanBudget();
        for (JobOrder order : listing.after() == null ? ordered : ordered.tailSet(listing.after(), false)) {
            if (budget-- == 0) {
                return new JobPage(found, lastExamined);
            }
            examined.increment();
            lastExamined = order;
            Entry entry = byId.get(order.jobId());
            if (entry == null || !entry.order().equals(order) || !listing.readable(entry.owner())) {
                continue;
            }
            Optional<JobSnapshot> job = lookup.apply(order.jobId());
            if (job.isEmpty()) {
                continue;
            }
            if (found.size() == listing.limit()) { // one more than a page: there is a next page
                return new JobPage(found, lastFound);
            }
            found.add(job.get());
            lastFound = order;
        }
        return new JobPage(found, null);
    }

    /** Index entries pages have examined since start (tests check a page's work is bounded). */
    long examined() {
        return examined.sum();
    }

    int size() {
        return byId.size();
    }

    /** Entries in the order (tests check it matches {@link #size} after evictions). */
    int orderedSize() {
        return ordered.size();
    }
}
