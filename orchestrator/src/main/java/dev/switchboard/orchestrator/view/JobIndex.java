package dev.switchboard.orchestrator.view;

import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.orchestrator.port.JobOrder;
import dev.switchboard.orchestrator.port.JobSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The view's jobs in {@link JobOrder} (newest first), so a page of {@code GET /v1/jobs} walks from a cursor instead of
 * sorting the view. Holds the jobs whose manifest the view knows; the view's eviction drops the ones it forgets
 * ({@link #retain}), so it is bounded like the view.
 */
final class JobIndex {
    private final NavigableSet<JobOrder> ordered = new ConcurrentSkipListSet<>();
    private final Map<UUID, JobOrder> byId = new ConcurrentHashMap<>();

    void add(JobManifest manifest) {
        JobOrder order = JobOrder.of(manifest);
        JobOrder before = byId.put(manifest.jobId(), order);
        if (before != null && !before.equals(order)) {
            ordered.remove(before);
        }
        ordered.add(order);
    }

    /** Keeps only the jobs {@code kept} accepts. */
    void retain(Predicate<UUID> kept) {
        byId.values().removeIf(order -> {
            if (kept.test(order.jobId())) {
                return false;
            }
            ordered.remove(order);
            return true;
        });
    }

    /**
     * Up to {@code limit} jobs after {@code after} (null: from the newest) that {@code lookup} finds, in order; a job the
     * view no longer has is skipped.
     */
    List<JobSnapshot> page(JobOrder after, int limit, Function<UUID, Optional<JobSnapshot>> lookup) {
        List<JobSnapshot> page = new ArrayList<>();
        for (JobOrder order : after == null ? ordered : ordered.tailSet(after, false)) {
            if (page.size() >= limit) {
                break;
            }
            lookup.apply(order.jobId()).ifPresent(page::add);
        }
        return page;
    }

    int size() {
        return byId.size();
    }
}
