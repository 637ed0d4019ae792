package dev.switchboard.orchestrator.jobs;

import dev.switchboard.observability.tracing.LogContext;
import io.opentelemetry.api.trace.Span;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.Versioned;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.orchestrator.port.AcceptedJob;
import dev.switchboard.orchestrator.port.JobOutcomeUnknownException;
import dev.switchboard.orchestrator.port.JobRequest;
import dev.switchboard.orchestrator.port.JobSubmissions;
import dev.switchboard.orchestrator.view.JobView;
import java.time.Clock;
import java.time.Instant;
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

    private void write(UUID jobId, JobRequest request, String owner) {
        Instant now = clock.instant();
        JobManifest manifest = new JobManifest(Versioned.CURRENT_VERSION, jobId, request.agents(), now, now.plus(request.deadline()),
                request.callbackUrl(), request.metadata(), request.requestHash(), owner, request.budget());
        Document document = new Document(request.text(), request.contentType());
        JobManifest staged = manifest.withWorkflow(topics.graph(), document); // the job's own copy of its needs (0030)
        Span.current().setAttribute("switchboard.job.id", jobId.toString());
        try (LogContext job = LogContext.put(LogContext.JOB_ID, jobId)) {
            writer.submit(JobRecords.of(staged, document, topics));
        }
        view.accepted(staged.withoutDocument());
    }
}
