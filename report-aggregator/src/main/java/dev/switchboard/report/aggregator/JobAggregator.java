package dev.switchboard.report.aggregator;

import dev.switchboard.core.message.AgentResult;
import dev.switchboard.core.message.JobEvent;
import dev.switchboard.core.message.JobManifest;
import dev.switchboard.core.message.Report;
import dev.switchboard.core.topic.TopicCatalogue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
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
 * after the report are counted and ignored; state is removed a grace period after the report.
 * Deadlines, orphan expiry and cleanup go through a time index, so the wall-clock punctuator reads
 * only what is due.
 */
final class JobAggregator implements Processor<String, byte[], String, Object> {
    private static final Logger log = LoggerFactory.getLogger(JobAggregator.class);

    private final TopicCatalogue topics;
    private final AggregatorConfig config;
    private final ReportBuilder reports;
    private final AggregatorMetrics metrics;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, JobAggregate> jobs;
    private KeyValueStore<String, String> index;

    JobAggregator(TopicCatalogue topics, AggregatorConfig config, ReportBuilder reports, AggregatorMetrics metrics) {
        this.topics = topics;
        this.config = config;
        this.reports = reports;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.jobs = context.getStateStore(ReportTopology.JOBS_STORE);
        this.index = context.getStateStore(ReportTopology.INDEX_STORE);
        context.schedule(config.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, this::onTick);
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        String topic = context.recordMetadata().map(m -> m.topic()).orElse("");
        try {
            if (topic.equals(topics.jobs().name())) {
                onManifest(record.key(), topics.jobs().valueSerde().deserializer().deserialize(topic, record.value()));
            } else if (topic.equals(topics.results().name())) {
                onResult(record.key(), topics.results().valueSerde().deserializer().deserialize(topic, record.value()));
            }
        } catch (SerializationException e) {
            metrics.unreadable();
            log.warn("Skipped an unreadable record on {}: {}", topic, e.getMessage());
        }
    }

    private void onManifest(String jobId, JobManifest manifest) {
        JobAggregate job = jobs.get(jobId);
        if (job != null && job.manifest() != null) {
            return; // a re-sent fan-out: the first manifest stands
        }
        if (job == null) {
            metrics.jobOpened();
            job = JobAggregate.empty(now());
        } else {
            index.delete(TimeIndex.key(job.firstSeenAt().plus(config.orphanTtl()), TimeIndex.Kind.ORPHAN, jobId));
        }
        job = job.withManifest(manifest);
        jobs.put(jobId, job);
        if (job.isComplete()) {
            emit(jobId, job, false);
        } else {
            index.put(TimeIndex.key(manifest.deadline(), TimeIndex.Kind.DEADLINE, jobId), jobId);
        }
    }

    private void onResult(String jobId, AgentResult result) {
        JobAggregate job = jobs.get(jobId);
        if (job == null) {
            metrics.jobOpened();
            job = JobAggregate.empty(now());
            index.put(TimeIndex.key(job.firstSeenAt().plus(config.orphanTtl()), TimeIndex.Kind.ORPHAN, jobId), jobId);
        }
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
        job = job.withResult(result);
        jobs.put(jobId, job);
        if (job.isComplete()) {
            emit(jobId, job, false);
        }
    }

    private void emit(String jobId, JobAggregate job, boolean timedOut) {
        Instant now = now();
        Report report = reports.build(job, timedOut, now);
        context.forward(new Record<>(jobId, report, now.toEpochMilli()), ReportTopology.REPORTS_SINK);
        context.forward(new Record<>(jobId, JobEvent.ofJob(job.manifest().jobId(), JobEvent.Type.REPORT_READY,
                report.status().name(), now), now.toEpochMilli()), ReportTopology.EVENTS_SINK);
        jobs.put(jobId, job.reported(now));
        index.delete(TimeIndex.key(job.manifest().deadline(), TimeIndex.Kind.DEADLINE, jobId));
        index.put(TimeIndex.key(now.plus(config.grace()), TimeIndex.Kind.CLEANUP, jobId), jobId);
        metrics.report(report.status(), Duration.between(job.manifest().submittedAt(), now));
    }

    private void onTick(long wallClockMillis) {
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = index.range(TimeIndex.from(), TimeIndex.upTo(wallClockMillis))) {
            it.forEachRemaining(due::add);
        }
        for (KeyValue<String, String> entry : due) {
            index.delete(entry.key);
            TimeIndex.Entry e = TimeIndex.parse(entry.key);
            JobAggregate job = jobs.get(e.jobId());
            if (job == null) {
                continue;
            }
            switch (e.kind()) {
                case DEADLINE -> {
                    if (!job.isReported() && job.manifest() != null) {
                        emit(e.jobId(), job, true);
                    }
                }
                case ORPHAN -> {
                    if (job.manifest() == null) {
                        metrics.orphaned(job.results().size());
                        log.info("Dropped {} result(s) of job {}: no manifest within {}", job.results().size(), e.jobId(), config.orphanTtl());
                        jobs.delete(e.jobId());
                        metrics.jobClosed();
                    }
                }
                case CLEANUP -> {
                    jobs.delete(e.jobId());
                    metrics.jobClosed();
                }
            }
        }
    }
}
