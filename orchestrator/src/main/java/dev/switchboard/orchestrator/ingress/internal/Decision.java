package dev.switchboard.orchestrator.ingress.internal;

import dev.switchboard.orchestrator.http.Problem;
import dev.switchboard.orchestrator.jobs.JobRecords;
import java.util.UUID;

/** What the ingress does with one submission record ({@link SubmissionDecider}). */
public sealed interface Decision {

    /** A new job: write its records. */
    record Write(JobRecords job) implements Decision {
    }

    /** The same key and request as a known job: write nothing, only move past the record. */
    record Replay(UUID jobId) implements Decision {
    }

    /** Refused as {@code POST /v1/jobs} would refuse the same body: a dead letter with {@code problem}, thrown as {@code errorClass}. */
    record Refuse(Problem problem, String errorClass) implements Decision {
    }
}
