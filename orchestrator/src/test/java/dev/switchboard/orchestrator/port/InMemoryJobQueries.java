package dev.switchboard.orchestrator.port;

import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.Report;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** The read-model port in memory: tests put jobs, events, reports and agents in by hand. */
public final class InMemoryJobQueries implements JobQueries {
    private final Map<UUID, JobSnapshot> jobs = new ConcurrentHashMap<>();
    private final Map<UUID, List<StoredEvent>> events = new ConcurrentHashMap<>();
    private final Map<UUID, List<Consumer<StoredEvent>>> listeners = new ConcurrentHashMap<>();
    private final Map<UUID, CompletableFuture<Report>> reports = new ConcurrentHashMap<>();
    private final Map<String, AgentType> agents = new ConcurrentHashMap<>();
    private final AtomicLong offsets = new AtomicLong(100);
    private final Map<UUID, SubmitOutcome> outcomes = new ConcurrentHashMap<>();
    private volatile boolean caughtUp = true;

    /** Until called with true, the view is still replaying the log. */
    public void caughtUp(boolean caughtUp) {
        this.caughtUp = caughtUp;
    }

    /** The job's submit outcome, for a job without a manifest (null forgets it). */
    public void outcome(UUID jobId, SubmitOutcome outcome) {
        if (outcome == null) {
            outcomes.remove(jobId);
        } else {
            outcomes.put(jobId, outcome);
        }
    }

    @Override
    public Optional<SubmitOutcome> submitOutcome(UUID jobId) {
        return jobs.containsKey(jobId) ? Optional.empty() : Optional.ofNullable(outcomes.get(jobId));
    }

    @Override
    public boolean caughtUp() {
        return caughtUp;
    }

    /** A job whose manifest is known, every agent queued. */
    public void put(JobManifest manifest) {
        Map<String, JobSnapshot.AgentProgress> progress = new LinkedHashMap<>();
        manifest.agents().forEach(a -> progress.put(a, new JobSnapshot.AgentProgress(AgentState.QUEUED, 0, null)));
        jobs.put(manifest.jobId(), new JobSnapshot(manifest, JobStatus.PENDING, progress, null));
    }

    /** Appends an event to the job and hands it to its subscribers; returns it with its offset. */
    public StoredEvent event(UUID jobId, JobEvent.Type type, String agent) {
        StoredEvent stored = new StoredEvent(offsets.getAndIncrement(), new JobEvent(1, jobId, type, agent, null, 1, null, Instant.now()));
        events.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>()).add(stored);
        listeners.getOrDefault(jobId, List.of()).forEach(l -> l.accept(stored));
        return stored;
    }

    /** The job's report arrives: its status follows the report's, and report waiters complete. */
    public void report(Report report) {
        jobs.computeIfPresent(report.jobId(), (id, s) -> new JobSnapshot(s.manifest(), JobStatus.valueOf(report.status().name()),
                s.agents(), report));
        reports.computeIfAbsent(report.jobId(), id -> new CompletableFuture<>()).complete(report);
    }

    public void announce(AgentType agent) {
        agents.put(agent.name(), agent);
    }

    @Override
    public Optional<JobSnapshot> job(UUID jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    @Override
    public CompletableFuture<Report> report(UUID jobId) {
        CompletableFuture<Report> waiter = reports.computeIfAbsent(jobId, id -> new CompletableFuture<>());
        job(jobId).map(JobSnapshot::report).ifPresent(waiter::complete);
        return waiter;
    }

    @Override
    public List<StoredEvent> eventsAfter(UUID jobId, long offset) {
        return events.getOrDefault(jobId, List.of()).stream().filter(e -> e.offset() > offset).toList();
    }

    @Override
    public AutoCloseable subscribe(UUID jobId, Consumer<StoredEvent> listener) {
        listeners.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> listeners.getOrDefault(jobId, List.of()).remove(listener);
    }

    /** Sorts every job per call, without a scan budget: a test fake; the view walks an ordered index. */
    @Override
    public JobPage jobs(JobListing listing) {
        List<JobSnapshot> found = jobs.values().stream()
                .filter(j -> listing.after() == null || JobOrder.of(j.manifest()).compareTo(listing.after()) > 0)
                .filter(j -> listing.readable(j.manifest().owner()) && listing.statuses().contains(j.status()))
                .sorted(java.util.Comparator.comparing(j -> JobOrder.of(j.manifest())))
                .limit(listing.limit() + 1L)
                .toList();
        return found.size() > listing.limit()
                ? new JobPage(found.subList(0, listing.limit()), JobOrder.of(found.get(listing.limit() - 1).manifest()))
                : new JobPage(found, null);
    }

    @Override
    public Set<String> agentNames() {
        return new TreeSet<>(agents.keySet());
    }

    @Override
    public List<AgentType> agentTypes(Instant now) {
        return List.copyOf(agents.values());
    }
}
