package dev.switchboard.orchestrator.view;

import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.orchestrator.port.AgentType;
import dev.switchboard.orchestrator.port.JobListing;
import dev.switchboard.orchestrator.port.JobPage;
import dev.switchboard.orchestrator.port.JobQueries;
import dev.switchboard.orchestrator.port.JobSnapshot;
import dev.switchboard.orchestrator.port.StoredEvent;
import dev.switchboard.orchestrator.port.SubmitOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Every job's status, rebuilt from Kafka (manifests, results, events, reports) by
 * {@link ViewUpdater}: any orchestrator instance answers for any job, also after a restart.
 * Bounded by age and by estimated bytes ({@link Limits}, {@link #evict}). Also tracks the jobs this
 * instance could not confirm at submit ({@link SubmitOutcomes}). The Kafka-built implementation of
 * the read-model port.
 */
public final class JobView implements JobQueries {
    private final Map<UUID, JobState> jobs = new ConcurrentHashMap<>();
    private final Map<UUID, List<Consumer<StoredEvent>>> listeners = new ConcurrentHashMap<>();
    private final Map<UUID, CompletableFuture<Report>> reportWaiters = new ConcurrentHashMap<>();
    private final AgentDirectory agents;
    private final JobIndex index = new JobIndex();
    private final java.util.concurrent.atomic.LongAdder listed = new java.util.concurrent.atomic.LongAdder();
    private final SubmitOutcomes outcomes = new SubmitOutcomes();
    private final Clock clock;
    private final Limits limits;
    private final UsageLedger usage;
    private final Consumer<Report> liveReports;
    private volatile boolean caughtUp;
    private volatile long evicted;
    private volatile long estimatedBytes;

    /**
     * The view's bounds. {@code maxAge}: a finished job, and a stray entry whose manifest never came, is forgotten
     * that long after its last record; an unfinished job that long after its deadline. {@code maxBytes}: past it (by
     * estimate), finished jobs and stray entries quiet longest go first, then unfinished ones. {@code maxJobs}: the
     * same, by count.
     */
    public record Limits(int maxJobs, long maxBytes, Duration maxAge) {
        public Limits {
            if (maxJobs < 1 || maxBytes < 1 || maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("View limits must be positive: " + maxJobs + " jobs, " + maxBytes + " bytes, "
                        + maxAge);
            }
        }
    }

    public JobView(AgentDirectory agents, Clock clock, int maxJobs) {
        this(agents, clock, new Limits(maxJobs, 256L * 1024 * 1024, Duration.ofHours(24)));
    }

    public JobView(AgentDirectory agents, Clock clock, Limits limits) {
        this(agents, clock, limits, report -> { });
    }

    /**
     * {@code liveReports} hears each report that arrives once the view has caught up (not those of the replay at start)
     * and is counted in the usage totals, so once per job, on the updater thread: the usage metrics (decision 0024).
     */
    public JobView(AgentDirectory agents, Clock clock, Limits limits, Consumer<Report> liveReports) {
        this.agents = agents;
        this.clock = clock;
        this.limits = limits;
        this.usage = new UsageLedger(clock);
        this.liveReports = liveReports;
    }

    /** What each caller's jobs cost per day, from every report the view has read (the replay at start included). */
    public UsageLedger usage() {
        return usage;
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

    @Override
    public boolean caughtUp() {
        return caughtUp;
    }

    /** The view has read the log up to where it stood at start: the updater's call (and tests' that fill a view by hand). */
    public void markCaughtUp() {
        caughtUp = true;
    }

    /** The updater's position (next offset to read) per partition of the jobs topic, as it last saw it. */
    private final Map<org.apache.kafka.common.TopicPartition, Long> jobsRead = new ConcurrentHashMap<>();

    /** The updater has read {@code partition} of the jobs topic up to (not including) {@code next}. */
    public void readTo(org.apache.kafka.common.TopicPartition partition, long next) {
        jobsRead.merge(partition, next, Math::max);
    }

    /** True once the view has read every partition of {@code ends} (end offsets of the jobs topic) up to its end. */
    public boolean hasRead(Map<org.apache.kafka.common.TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> e.getValue() <= 0 || jobsRead.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    private JobState state(UUID jobId) {
        return jobs.computeIfAbsent(jobId, id -> new JobState());
    }

    /** A job this instance just committed: visible here at once, before the updater reads it back. */
    public void accepted(JobManifest manifest) {
        apply(manifest, clock.millis());
    }

    /**
     * A job a committer took whose outcome is unknown ({@code decided}: see {@code jobs.UndecidedWriteException}):
     * {@link #submitOutcome} answers {@code UNKNOWN} for it until its manifest arrives (committed) or the log shows it
     * never will (not written). The returned stage completes with true or false then.
     */
    public CompletableFuture<Boolean> undecided(UUID jobId, CompletionStage<Void> decided) {
        CompletableFuture<Boolean> settled = outcomes.track(jobId, decided);
        if (job(jobId).isPresent()) {
            outcomes.committed(jobId); // read back before it was tracked
        }
        return settled;
    }

    @Override
    public Optional<SubmitOutcome> submitOutcome(UUID jobId) {
        return job(jobId).isPresent() ? Optional.empty() : outcomes.outcome(jobId);
    }

    /** Whether an undecided job waits for the updater to read the jobs topic to its end ({@link #readThrough}). */
    boolean awaitingLog() {
        return outcomes.awaitingLog();
    }

    /** Take right before asking for the jobs topic's end offsets; hand to {@link #readThrough} once read up to them. */
    long outcomeMark() {
        return outcomes.mark();
    }

    /** Every committed jobs record up to the end offsets asked for after {@code mark} is in the view. */
    void readThrough(long mark) {
        outcomes.readThrough(mark, id -> job(id).isPresent());
    }

    /** The activity time of a record: its timestamp, never ahead of the clock. */
    private long at(long recordTimestamp) {
        long now = clock.millis();
        return recordTimestamp < 0 ? now : Math.min(recordTimestamp, now);
    }

    void apply(JobManifest manifest) {
        apply(manifest, clock.millis());
    }

    void apply(JobManifest manifest, long timestamp) {
        JobState s = state(manifest.jobId());
        s.manifest(manifest, at(timestamp));
        index.add(manifest);
        outcomes.committed(manifest.jobId());
        count(s, false);
    }

    /**
     * Adds the job's report to its owner's usage once both the report and the manifest (the owner) are known, or at once
     * under owner {@code unknown} when {@code withoutOwner}; true if the report was counted now (never twice per job).
     */
    private boolean count(JobState s, boolean withoutOwner) {
        Report report = s.toCount(withoutOwner);
        return report != null && usage.add(s.owner(), report);
    }

    void apply(AgentResult result) {
        apply(result, clock.millis());
    }

    void apply(AgentResult result, long timestamp) {
        state(result.jobId()).result(result, at(timestamp));
    }

    void apply(JobEvent event, long offset) {
        apply(event, offset, clock.millis());
    }

    void apply(JobEvent event, long offset, long timestamp) {
        StoredEvent stored = new StoredEvent(offset, event);
        state(event.jobId()).event(stored, at(timestamp));
        List<Consumer<StoredEvent>> subscribers = listeners.get(event.jobId());
        if (subscribers != null) {
            subscribers.forEach(s -> s.accept(stored));
        }
    }

    void apply(Report report) {
        apply(report, clock.millis(), 1024);
    }

    /** {@code recordBytes}: the report's serialized size, for the view's byte bound. */
    void apply(Report report, long timestamp, long recordBytes) {
        JobState s = state(report.jobId());
        s.report(report, at(timestamp), recordBytes);
        // once caught up, a report whose manifest is not in the view (evicted, or never read) counts under owner unknown
        // instead of never; a job is counted once, however often its report is read (decision 0024)
        if (count(s, caughtUp) && caughtUp) {
            liveReports.accept(report);
        }
        CompletableFuture<Report> waiter = reportWaiters.remove(report.jobId());
        if (waiter != null) {
            waiter.complete(report);
        }
    }

    @Override
    public JobPage jobs(JobListing listing) {
        return index.page(listing, jobId -> {
            listed.increment();
            return job(jobId).filter(j -> listing.statuses().contains(j.status()));
        });
    }

    /** Jobs in the ordered index (tests check it follows the view's evictions). */
    int indexed() {
        return index.size();
    }

    /** Entries in the index's order; equals {@link #indexed} (tests check no entry outlives its job there). */
    int indexOrdered() {
        return index.orderedSize();
    }

    /** Index entries {@link #jobs} pages have examined, and jobs they snapshotted, since start (tests bound a page's work). */
    long[] listingWork() {
        return new long[] {index.examined(), listed.sum()};
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
     * Forgets by age, then by bytes and count ({@link Limits}). By age: finished jobs and stray entries (results,
     * events or reports whose manifest never came) quiet for {@code maxAge}, and unfinished jobs {@code maxAge} past
     * their deadline; stray entries only once the view has caught up (during the replay a job's manifest may still
     * come after its results). Then, while over {@code maxBytes} or {@code maxJobs}: finished and stray entries quiet
     * longest first, then unfinished jobs quiet longest. Returns how many entries it forgot.
     */
    int evict() {
        long now = clock.millis();
        long maxAge = limits.maxAge().toMillis();
        record Candidate(UUID jobId, JobState state, boolean finishedOrStray, long touchedAt, long bytes) {
        }
        List<Candidate> kept = new ArrayList<>();
        int forgotten = 0;
        long bytes = 0;
        for (Map.Entry<UUID, JobState> e : jobs.entrySet()) { // a fixed key and values: submits touch jobs meanwhile
            JobState s = e.getValue();
            boolean known = s.known();
            boolean finished = s.finished();
            long touchedAt = s.touchedAt();
            boolean old = now - touchedAt > maxAge;
            boolean expired = finished && old || !known && old && caughtUp
                    || known && !finished && now - s.deadlineMillis() > maxAge;
            if (expired && jobs.remove(e.getKey(), s)) {
                count(s, true);
                forgotten++;
                continue;
            }
            long b = s.bytes();
            bytes += b;
            kept.add(new Candidate(e.getKey(), s, finished || !known, touchedAt, b));
        }
        if (bytes > limits.maxBytes() || kept.size() > limits.maxJobs()) {
            kept.sort(Comparator.comparing((Candidate c) -> !c.finishedOrStray()).thenComparingLong(Candidate::touchedAt));
            int count = kept.size();
            for (Candidate c : kept) {
                if (bytes <= limits.maxBytes() && count <= limits.maxJobs()) {
                    break;
                }
                if (jobs.remove(c.jobId(), c.state())) {
                    count(c.state(), true);
                    bytes -= c.bytes();
                    count--;
                    forgotten++;
                }
            }
        }
        // a job gone from the view takes its report waiters and listeners along (each request waits on its own copy of
        // the future and ends by its own timeout or lifetime): they would otherwise stay for jobs that never get a report
        reportWaiters.keySet().removeIf(jobId -> !jobs.containsKey(jobId));
        listeners.keySet().removeIf(jobId -> !jobs.containsKey(jobId));
        index.retain(jobs::containsKey);
        estimatedBytes = bytes;
        evicted += forgotten;
        return forgotten;
    }

    /** Jobs with a report waiter or an event listener (tests check they go with the job). */
    int watched() {
        Set<UUID> watched = new java.util.HashSet<>(reportWaiters.keySet());
        watched.addAll(listeners.keySet());
        return watched.size();
    }

    /** The view's estimated heap bytes at the last {@link #evict}. */
    public long estimatedBytes() {
        return estimatedBytes;
    }

    /** Entries forgotten by {@link #evict} since start. */
    public long evicted() {
        return evicted;
    }

    public int size() {
        return jobs.size();
    }
}
