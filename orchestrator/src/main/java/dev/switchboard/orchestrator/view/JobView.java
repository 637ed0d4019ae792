package dev.switchboard.orchestrator.view;

import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.orchestrator.port.AgentType;
import dev.switchboard.orchestrator.port.JobQueries;
import dev.switchboard.orchestrator.port.JobSnapshot;
import dev.switchboard.orchestrator.port.StoredEvent;
import java.time.Instant;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Every job's status, rebuilt from Kafka (manifests, results, events, reports) by
 * {@link ViewUpdater}: any orchestrator instance answers for any job, also after a restart.
 * Bounded: past {@code maxJobs}, the finished jobs touched longest ago are forgotten first. The
 * Kafka-built implementation of the read-model port.
 */
public final class JobView implements JobQueries {
    private final Map<UUID, JobState> jobs = new ConcurrentHashMap<>();
    private final Map<UUID, List<Consumer<StoredEvent>>> listeners = new ConcurrentHashMap<>();
    private final Map<UUID, CompletableFuture<Report>> reportWaiters = new ConcurrentHashMap<>();
    private final AgentDirectory agents;
    private final Clock clock;
    private final int maxJobs;
    private volatile boolean caughtUp;

    public JobView(AgentDirectory agents, Clock clock, int maxJobs) {
        this.agents = agents;
        this.clock = clock;
        this.maxJobs = maxJobs;
    }

    public AgentDirectory agents() {
        return agents;
    }

    @Override
    public Set<String> agentNames() {
        return agents.names();
    }

    @Override
    public List<AgentType> agentTypes(Instant now) {
        return agents.types(now);
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    void markCaughtUp() {
        caughtUp = true;
    }

    private JobState state(UUID jobId) {
        return jobs.computeIfAbsent(jobId, id -> new JobState());
    }

    /** A job this instance just committed: visible here at once, before the updater reads it back. */
    public void accepted(JobManifest manifest) {
        apply(manifest);
    }

    void apply(JobManifest manifest) {
        state(manifest.jobId()).manifest(manifest, clock.millis());
    }

    void apply(AgentResult result) {
        state(result.jobId()).result(result, clock.millis());
    }

    void apply(JobEvent event, long offset) {
        StoredEvent stored = new StoredEvent(offset, event);
        state(event.jobId()).event(stored, clock.millis());
        List<Consumer<StoredEvent>> subscribers = listeners.get(event.jobId());
        if (subscribers != null) {
            subscribers.forEach(s -> s.accept(stored));
        }
    }

    void apply(Report report) {
        state(report.jobId()).report(report, clock.millis());
        CompletableFuture<Report> waiter = reportWaiters.remove(report.jobId());
        if (waiter != null) {
            waiter.complete(report);
        }
    }

    /** The job, if its manifest has been seen. */
    @Override
    public Optional<JobSnapshot> job(UUID jobId) {
        JobState s = jobs.get(jobId);
        return s != null && s.known() ? Optional.of(s.snapshot()) : Optional.empty();
    }

    @Override
    public List<StoredEvent> eventsAfter(UUID jobId, long offset) {
        JobState s = jobs.get(jobId);
        return s == null ? List.of() : s.eventsAfter(offset);
    }

    /** Calls {@code listener} for each new event of the job (on the updater thread: hand off, do not block). */
    @Override
    public AutoCloseable subscribe(UUID jobId, Consumer<StoredEvent> listener) {
        listeners.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> listeners.computeIfPresent(jobId, (id, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    /**
     * Completes when the job's report is in the view (at once if it already is). Each caller gets its own copy of the
     * job's future, so one caller's timeout or cancel cannot complete it for the others.
     */
    @Override
    public CompletableFuture<Report> report(UUID jobId) {
        CompletableFuture<Report> waiter = reportWaiters.computeIfAbsent(jobId, id -> new CompletableFuture<>());
        job(jobId).map(JobSnapshot::report).ifPresent(r -> {
            waiter.complete(r);
            reportWaiters.remove(jobId, waiter);
        });
        return waiter.copy();
    }

    /**
     * Forgets the finished jobs, and the jobs whose manifest never came (stray results and events),
     * touched longest ago while the view holds more than {@code maxJobs}.
     */
    void evict() {
        int excess = jobs.size() - maxJobs;
        if (excess <= 0) {
            return;
        }
        record Candidate(UUID jobId, long touchedAt) {
        }
        jobs.entrySet().stream()
                .filter(e -> e.getValue().finished() || !e.getValue().known())
                .map(e -> new Candidate(e.getKey(), e.getValue().touchedAt())) // a fixed key: submits touch jobs meanwhile
                .sorted(Comparator.comparingLong(Candidate::touchedAt))
                .limit(excess)
                .map(Candidate::jobId)
                .toList()
                .forEach(jobs::remove);
    }

    public int size() {
        return jobs.size();
    }
}
