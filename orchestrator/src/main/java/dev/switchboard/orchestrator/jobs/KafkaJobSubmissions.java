package dev.switchboard.orchestrator.jobs;

import dev.switchboard.observability.tracing.LogContext;
import io.opentelemetry.api.trace.Span;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.orchestrator.port.AcceptedJob;
import dev.switchboard.orchestrator.port.BatchItem;
import dev.switchboard.orchestrator.port.BatchResult;
import dev.switchboard.orchestrator.port.JobRefusedException;
import dev.switchboard.orchestrator.port.JobOutcomeUnknownException;
import dev.switchboard.orchestrator.port.JobRequest;
import dev.switchboard.orchestrator.port.JobSubmissions;
import dev.switchboard.orchestrator.view.JobView;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The submit port over Kafka: a job becomes its manifest, tasks and {@code SUBMITTED} event
 * ({@link JobRecords}), written together by a {@link JobWriter} (the transactional {@link FanOut}),
 * then put into the local view at once. {@link Idempotency} decides replays and conflicts. When a committer took the
 * job but its outcome is unknown, the view tracks it ({@link JobView#undecided}) until the log tells.
 */
public final class KafkaJobSubmissions implements JobSubmissions {
    private final JobWriter writer;
    private final JobView view;
    private final Idempotency idempotency;
    private final TopicCatalogue topics;
    private final Clock clock;

    public KafkaJobSubmissions(JobWriter writer, JobView view, TopicCatalogue topics, Clock clock) {
        this.writer = writer;
        this.view = view;
        this.idempotency = new Idempotency(view);
        this.topics = topics;
        this.clock = clock;
    }

    @Override
    public AcceptedJob submit(JobRequest request, String caller, String idempotencyKey) {
        return idempotency.submit(request, caller, idempotencyKey, jobId -> {
            try {
                write(jobId, request, caller);
            } catch (UndecidedWriteException e) {
                throw new JobOutcomeUnknownException(jobId, e.getMessage(), e, view.undecided(jobId, e.decided()));
            }
        });
    }

    /** Every item under the same rules as {@link #submit}; the jobs to write are queued together and awaited once. */
    @Override
    public List<BatchResult> submitAll(List<BatchItem> items, String caller) {
        return idempotency.submitAll(items, caller, (jobIds, requests) -> writeAll(jobIds, requests, caller));
    }

    private void write(UUID jobId, JobRequest request, String owner) {
        JobRecords job = JobRecords.of(jobId, request, owner, clock.instant(), topics);
        Span.current().setAttribute("switchboard.job.id", jobId.toString());
        try (LogContext context = LogContext.put(LogContext.JOB_ID, jobId)) {
            writer.submit(job);
        }
        view.accepted(job.manifest().withoutDocument());
    }

    /** Each job's failure or null, in order; a job of unknown outcome is tracked by the view as a single submit's is. */
    private List<RuntimeException> writeAll(List<UUID> jobIds, List<JobRequest> requests, String owner) {
        RuntimeException[] failures = new RuntimeException[jobIds.size()];
        List<JobRecords> jobs = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        Instant now = clock.instant();
        for (int i = 0; i < jobIds.size(); i++) {
            try {
                jobs.add(JobRecords.of(jobIds.get(i), requests.get(i), owner, now, topics));
                positions.add(i);
            } catch (JobRefusedException e) { // a record over the limit: this job alone
                failures[i] = e;
            }
        }
        List<RuntimeException> written = writer.submitAll(jobs);
        for (int k = 0; k < jobs.size(); k++) {
            int i = positions.get(k);
            RuntimeException failure = written.get(k);
            if (failure == null) {
                view.accepted(jobs.get(k).manifest().withoutDocument());
            } else if (failure instanceof UndecidedWriteException e) {
                failure = new JobOutcomeUnknownException(jobIds.get(i), e.getMessage(), e, view.undecided(jobIds.get(i), e.decided()));
            }
            failures[i] = failure;
        }
        return Arrays.asList(failures);
    }
}
