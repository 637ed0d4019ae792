package dev.switchboard.report.aggregator;

import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.DeadLetterHeaders;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.topic.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import dev.switchboard.observability.tracing.LogContext;
import dev.switchboard.observability.tracing.SpanScope;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins a job's manifest and results (co-partitioned by job id) in a state store and emits one
 * report: when every expected agent answered, or at the deadline ({@code TIMED_OUT}). Results
 * before the manifest wait (dropped after the orphan TTL); duplicates (same task id) and results
 * after the report are counted and ignored; state is removed a grace period after the report, or after the amend window
 * when that is longer: a result carrying {@link DeadLetterHeaders#REPLAY_OF} (a task replayed from a dead letter)
 * replaces its agent's result, once per dead letter, and a reported job gets a report of the next revision with a
 * {@code REPORT_AMENDED} event (decision 0025); only a result that {@link ReplayCheck} trusts (its own agent's ref, the
 * same task, a result that was not OK, at most {@link ReplayCheck#MAX_REPLAYS} per job), others are ordinary results.
 * Deadlines, orphan expiry and cleanup go through a time index, so the wall-clock punctuator reads
 * only what is due.
 *
 * <p>Hostile-but-valid input cannot stall a partition: deadlines are clamped ({@link DeadlineBounds}),
 * duplicate agents in a manifest count once, a job's state and report are kept under the record limit
 * ({@link ReportSizeGuard}), an unreadable record is skipped here, and any other exception skips its
 * record through the {@link SkipRecordProcessingHandler}. Each change is computed before the stores are
 * touched, so a record that throws leaves its job as it was.
 *
 * <p>Stages (decision 0030): when a manifest has {@code needs}, each later-stage agent's task is released once, by the
 * {@link StageReleaser}, when every agent it needs has a result: on that result, or on the manifest when the results
 * came first; the task, its {@code TASK_RELEASED} event and the state marking it released go in one transaction, to the
 * task topic this aggregator's catalogue declares (an undeclared agent's stage fails {@code INVALID_INPUT}). The
 * document waits in {@link JobDocuments} meanwhile. A result of a later-stage agent whose task was not released is
 * not the job's (results before the manifest included) and is ignored.
 */
final class JobAggregator implements Processor<String, byte[], String, Object> {
    private static final Logger log = LoggerFactory.getLogger(JobAggregator.class);
    /** A dead-letter ref is {@code agent:partition:offset}; a longer replay header is a hostile writer's and is ignored. */
    private static final int MAX_REPLAY_REF_BYTES = 512;

    private final TopicCatalogue topics;
    private final AggregatorConfig config;
    private final ReportBuilder reports;
    private final ReportSizeGuard sizes;
    private final DeadlineBounds deadlines;
    private final AggregatorMetrics metrics;
    private final StageReleaser stages;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, JobAggregate> jobs;
    private KeyValueStore<String, String> index;
    private JobTraces traces;
    private JobDocuments documents;

    JobAggregator(TopicCatalogue topics, AggregatorConfig config, ReportBuilder reports, AggregatorMetrics metrics) {
        this.topics = topics;
        this.config = config;
        this.reports = reports;
        this.sizes = new ReportSizeGuard(topics.maxValueBytes(), reports, metrics);
        this.deadlines = new DeadlineBounds(config.maxDeadline());
        this.metrics = metrics;
        this.stages = new StageReleaser(topics);
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.jobs = context.getStateStore(ReportTopology.JOBS_STORE);
        this.index = context.getStateStore(ReportTopology.INDEX_STORE);
        this.traces = new JobTraces(index);
        this.documents = new JobDocuments(context.getStateStore(ReportTopology.DOCUMENTS_STORE));
        context.schedule(config.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, this::onTick);
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        try (LogContext job = LogContext.put(LogContext.JOB_ID, record.key())) {
            processRecord(record);
        }
    }

    private void processRecord(Record<String, byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        String topic = context.recordMetadata().map(m -> m.topic()).orElse("");
        try {
            if (topic.equals(topics.jobs().name())) {
                JobManifest manifest = topics.jobs().valueSerde().deserializer().deserialize(topic, record.value());
                onManifest(record.key(), manifest, record.headers());
            } else if (topic.equals(topics.results().name())) {
                AgentResult result = topics.results().valueSerde().deserializer().deserialize(topic, record.value());
                String replayOf = replayRef(record.headers());
                if (replayOf == null) {
                    onResult(record.key(), result);
                } else {
                    onReplayedResult(record.key(), result, replayOf);
                }
            }
        } catch (SerializationException e) {
            metrics.skipped(AggregatorMetrics.SkipReason.UNREADABLE);
            log.warn("Skipped an unreadable record on {}: {}", topic, e.getMessage());
        } catch (ClassCastException e) {
            // Kafka Streams takes a ClassCastException from a processor for a serde mistake and fails the thread without
            // asking the processing exception handler; here it can only be about this record's content
            throw new IllegalStateException("Processing a record on " + topic + " failed: " + e.getMessage(), e);
        }
    }

    private void onManifest(String jobId, JobManifest received, Headers headers) {
        JobAggregate stored = jobs.get(jobId);
        if (stored != null && stored.manifest() != null) {
            return; // a re-sent fan-out: the first manifest stands
        }
        Instant now = now();
        JobManifest manifest = withDistinctAgents(received.withoutDocument());
        Instant due = deadlines.clamp(manifest, now);
        JobAggregate base = withoutUnreleasedResults(jobId, stored != null ? stored : JobAggregate.empty(now), manifest);
        Optional<Outcome> outcome = sizes.fit(base.withManifest(manifest, due), base.results().keySet(), now)
                .flatMap(job -> plan(job, received.document(), now)).map(plan -> outcome(plan, now));
        if (outcome.isEmpty()) {
            skipTooLarge("manifest", jobId);
            return;
        }
        if (!due.equals(received.deadline())) {
            metrics.deadlineClamped();
            log.warn("Job {}: deadline {} is outside [submittedAt {}, {} after it or after now]; kept as {}", jobId,
                    received.deadline(), received.submittedAt(), config.maxDeadline(), due);
        }
        traces.remember(jobId, headers); // only for a manifest kept: a skipped one leaves no trace key behind
        if (stored == null) {
            metrics.jobOpened();
        } else {
            index.delete(TimeIndex.key(stored.firstSeenAt().plus(config.orphanTtl()), TimeIndex.Kind.ORPHAN, jobId));
        }
        if (outcome.get().report() == null) {
            index.put(TimeIndex.key(due, TimeIndex.Kind.DEADLINE, jobId), jobId);
        }
        settle(jobId, null, outcome.get(), received.document(), now);
    }

    private static JobManifest withDistinctAgents(JobManifest m) {
        List<String> distinct = m.agents().stream().distinct().toList();
        return distinct.size() == m.agents().size() ? m : new JobManifest(m.version(), m.jobId(), distinct, m.submittedAt(),
                m.deadline(), m.callbackUrl(), m.metadata(), m.requestHash(), m.owner(), m.budget(), m.needs(), m.document());
    }

    /**
     * {@code job} without the results of later-stage agents of {@code manifest} that came before it: no task of theirs
     * was released yet, so they are not the job's (a hostile or confused writer's) and must not pre-empt the real ones.
     */
    private JobAggregate withoutUnreleasedResults(String jobId, JobAggregate job, JobManifest manifest) {
        List<String> unreleased = job.results().keySet().stream().filter(manifest.needs()::containsKey).toList();
        if (unreleased.isEmpty()) {
            return job;
        }
        unreleased.forEach(agent -> unreleasedResult(jobId, agent));
        return job.withoutResultsOf(java.util.Set.copyOf(unreleased));
    }

    private void unreleasedResult(String jobId, String agent) {
        metrics.unreleasedResult();
        log.warn("Job {}: ignored a result of {}, a later stage whose task was not released", jobId, agent);
    }

    /** The stages {@code job} releases now, the job fitted under the record limit with any stage failed in their place. */
    private Optional<StageReleaser.Plan> plan(JobAggregate job, Document document, Instant now) {
        StageReleaser.Plan plan = stages.plan(job, document, now);
        return plan.isEmpty() ? Optional.of(plan) : sizes.fit(plan.job(), plan.failedAgents(), now)
                .map(fitted -> new StageReleaser.Plan(fitted, plan.releases(), plan.failures()));
    }

    /**
     * What a change writes besides the stores, all computed before any store is touched (a record that throws leaves its
     * job as it was): {@code plan}, the events of its released ({@code releasedEvents}, in the same order) and failed
     * stages, and the job's report when it is complete ({@code null} while it is not).
     */
    private record Outcome(StageReleaser.Plan plan, List<JobEvent> releasedEvents, List<JobEvent> failedEvents, Report report) {
    }

    private Outcome outcome(StageReleaser.Plan plan, Instant now) {
        List<JobEvent> released = plan.releases().stream()
                .map(r -> JobEvent.ofTask(r.task(), JobEvent.Type.TASK_RELEASED, "stage " + r.stage(), now)).toList();
        List<JobEvent> failed = plan.failures().stream()
                .map(f -> JobEvent.ofTask(f.task(), JobEvent.Type.TASK_FAILED, f.result().error().type(), now)).toList();
        return new Outcome(plan, released, failed, plan.job().isComplete() ? reports.build(plan.job(), false, now) : null);
    }

    /**
     * Writes what {@code outcome} releases and its state, keeps or drops the job's document ({@code document}: a new
     * manifest's; {@code before}: the job before the change, {@code null} for a manifest), and reports the job if complete.
     */
    private void settle(String jobId, JobAggregate before, Outcome outcome, Document document, Instant now) {
        StageReleaser.Plan plan = outcome.plan();
        JobAggregate job = plan.job();
        documents.update(jobId, before, job, document);
        for (int i = 0; i < plan.releases().size(); i++) {
            StageReleaser.Release r = plan.releases().get(i);
            try (SpanScope span = traces.releaseSpan(jobId, r.task().agent(), r.stage())) {
                context.forward(new Record<>(jobId, r.task(), now.toEpochMilli(), JobTraces.withCurrent(new RecordHeaders())),
                        ReportTopology.TASKS_SINK);
            }
            forwardEvent(jobId, outcome.releasedEvents().get(i));
            metrics.released();
            log.info("Job {}: released the task of {} (stage {})", jobId, r.task().agent(), r.stage());
        }
        outcome.failedEvents().forEach(event -> forwardEvent(jobId, event));
        for (StageReleaser.Failure f : plan.failures()) {
            metrics.stageFailed(f.type());
            log.warn("Job {}: {} failed in the aggregator: {}", jobId, f.task().agent(), f.result().error().message());
        }
        if (outcome.report() != null) {
            emit(jobId, job, outcome.report(), now);
        } else {
            jobs.put(jobId, job);
        }
    }

    private void forwardEvent(String jobId, JobEvent event) {
        context.forward(new Record<>(jobId, event, event.at().toEpochMilli()), ReportTopology.EVENTS_SINK);
    }

    private void onResult(String jobId, AgentResult result) {
        JobAggregate stored = jobs.get(jobId);
        Instant now = now();
        JobAggregate job = stored != null ? stored : JobAggregate.empty(now);
        if (job.taskIds().contains(result.taskId()) || job.results().containsKey(result.agent())) {
            metrics.duplicate();
            return;
        }
        if (job.isReported()) {
            metrics.late();
            return;
        }
        if (job.manifest() != null && !job.manifest().agents().contains(result.agent())) {
            log.debug("Job {} did not ask for agent {}; result ignored", jobId, result.agent());
            return;
        }
        if (job.isUnreleasedStage(result.agent())) {
            unreleasedResult(jobId, result.agent());
            return;
        }
        JobAggregate before = job;
        Optional<Outcome> outcome = sizes.fit(job.withResult(result), List.of(result.agent()), now)
                .flatMap(fitted -> plan(fitted, documents.of(jobId, before), now)).map(plan -> outcome(plan, now));
        if (outcome.isEmpty()) {
            skipTooLarge(result.agent() + " result", jobId);
            return;
        }
        if (stored == null) {
            metrics.jobOpened();
            index.put(TimeIndex.key(job.firstSeenAt().plus(config.orphanTtl()), TimeIndex.Kind.ORPHAN, jobId), jobId);
        }
        settle(jobId, before, outcome.get(), null, now);
    }

    private static String replayRef(Headers headers) {
        Header h = headers.lastHeader(DeadLetterHeaders.REPLAY_OF);
        return h == null || h.value() == null || h.value().length == 0 || h.value().length > MAX_REPLAY_REF_BYTES
                ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /**
     * The result of a task replayed from dead letter {@code ref}: it replaces its agent's result (its task id is the
     * original's), once per ref. A reported job is amended with the next revision; an open one just has the result.
     */
    private void onReplayedResult(String jobId, AgentResult result, String ref) {
        JobAggregate stored = jobs.get(jobId);
        if (stored == null || (stored.isReported() && !config.amends())) {
            metrics.unmatchedReplay();
            log.warn("Job {}: dropped the result of {} replayed from dead letter {}: no state of the job is kept (state lives {} "
                    + "after a report, {} {})", jobId, result.agent(), ref, config.keptAfterReport(),
                    AggregatorConfig.AMEND_WINDOW.envName(), config.amendWindow());
            return;
        }
        if (stored.applied(ref)) {
            metrics.duplicate();
            return;
        }
        if (stored.manifest() != null && !stored.manifest().agents().contains(result.agent())) {
            log.debug("Job {} did not ask for agent {}; replayed result ignored", jobId, result.agent());
            return;
        }
        if (stored.isUnreleasedStage(result.agent())) {
            unreleasedResult(jobId, result.agent());
            return;
        }
        Optional<ReplayCheck.Refusal> refusal = ReplayCheck.refusal(stored, result, ref);
        if (refusal.isPresent()) {
            metrics.replayRefused(refusal.get());
            log.warn("Job {}: the result of {} (task {}) claims to replay dead letter {} but is refused ({}); handled as an "
                    + "ordinary result", jobId, result.agent(), result.taskId(), ref, refusal.get().tag());
            onResult(jobId, result);
            return;
        }
        Instant now = now();
        Optional<JobAggregate> fitted = sizes.fit(stored.withReplayedResult(result, ref), List.of(result.agent()), now);
        // an open job may be ready for a stage (the replayed agent had no result yet); a reported one releases nothing
        Optional<StageReleaser.Plan> plan = fitted.flatMap(job -> plan(job, documents.of(jobId, stored), now));
        if (plan.isEmpty()) {
            skipTooLarge(result.agent() + " replayed result", jobId);
            return;
        }
        if (plan.get().job().isReported()) {
            amend(jobId, plan.get().job(), now);
        } else {
            settle(jobId, stored, outcome(plan.get(), now), null, now);
        }
    }

    /** Writes the next revision of a reported job's report; agents still without a result keep it {@code TIMED_OUT}. */
    private void amend(String jobId, JobAggregate job, Instant now) {
        Report report = reports.build(job, true, now);
        publish(jobId, job, report, JobEvent.Type.REPORT_AMENDED, report.revision() + " " + report.status().name(), now);
        jobs.put(jobId, job);
        metrics.amended(report.status());
        log.info("Job {}: report amended to revision {} ({})", jobId, report.revision(), report.status());
    }

    private void skipTooLarge(String what, String jobId) {
        metrics.skipped(AggregatorMetrics.SkipReason.TOO_LARGE);
        log.warn("Skipped the {} of job {}: the job's state or report would stay over {} bytes even with outputs omitted",
                what, jobId, sizes.maxValueBytes());
    }

    /** Writes the report of {@code job}, already fitted under the record limit, and marks the job reported. */
    private void emit(String jobId, JobAggregate job, Report report, Instant now) {
        publish(jobId, job, report, JobEvent.Type.REPORT_READY, report.status().name(), now);
        closeJob(jobId, job, now);
        metrics.report(report.status(), Duration.between(job.manifest().submittedAt(), now));
    }

    private void publish(String jobId, JobAggregate job, Report report, JobEvent.Type type, String message, Instant now) {
        String callbackUrl = job.manifest().callbackUrl() == null ? "" : job.manifest().callbackUrl();
        Headers headers = new RecordHeaders().add(Report.CALLBACK_URL_HEADER, callbackUrl.getBytes(StandardCharsets.UTF_8));
        try (SpanScope span = traces.reportSpan(jobId, report)) {
            context.forward(new Record<>(jobId, report, now.toEpochMilli(), JobTraces.withCurrent(headers)), ReportTopology.REPORTS_SINK);
        }
        forwardEvent(jobId, JobEvent.ofJob(job.manifest().jobId(), type, message, now));
    }

    private void closeJob(String jobId, JobAggregate job, Instant now) {
        documents.update(jobId, job, job.reported(now), null); // a stage unreleased at the deadline never will be
        jobs.put(jobId, job.reported(now));
        index.delete(TimeIndex.key(job.dueAt(), TimeIndex.Kind.DEADLINE, jobId));
        index.put(TimeIndex.key(now.plus(config.keptAfterReport()), TimeIndex.Kind.CLEANUP, jobId), jobId);
        metrics.jobReported();
    }

    private void onTick(long wallClockMillis) {
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = index.range(TimeIndex.from(), TimeIndex.upTo(wallClockMillis))) {
            it.forEachRemaining(due::add);
        }
        for (KeyValue<String, String> entry : due) {
            // deleted first: an entry whose handling throws is skipped by the handler, never retried every tick
            index.delete(entry.key);
            TimeIndex.Entry e = TimeIndex.parse(entry.key);
            JobAggregate job = jobs.get(e.jobId());
            if (job == null) {
                continue;
            }
            switch (e.kind()) {
                case DEADLINE -> {
                    if (!job.isReported() && job.manifest() != null) {
                        onDeadline(e.jobId(), job);
                    }
                }
                case ORPHAN -> {
                    if (job.manifest() == null) {
                        metrics.orphaned(job.results().size());
                        log.info("Dropped {} result(s) of job {}: no manifest within {}", job.results().size(), e.jobId(), config.orphanTtl());
                        jobs.delete(e.jobId());
                        traces.forget(e.jobId());
                        metrics.jobClosed();
                    }
                }
                case CLEANUP -> {
                    jobs.delete(e.jobId());
                    traces.forget(e.jobId());
                    metrics.reportedJobRemoved();
                }
            }
        }
    }

    private void onDeadline(String jobId, JobAggregate job) {
        Instant now = now();
        Optional<JobAggregate> fitted = sizes.fit(job, job.results().keySet(), now);
        if (fitted.isPresent()) {
            emit(jobId, fitted.get(), reports.build(fitted.get(), true, now), now);
        } else {
            skipTooLarge("timed-out report", jobId);
            closeJob(jobId, job, now);
        }
    }
}
