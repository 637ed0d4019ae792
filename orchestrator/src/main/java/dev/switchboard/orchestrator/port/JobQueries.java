package dev.switchboard.orchestrator.port;

import dev.switchboard.contracts.message.Report;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The read-model port: what the HTTP layer (and idempotency) asks about jobs and agents.
 * Implemented by {@code view.JobView}, which {@code view.ViewUpdater} builds from Kafka.
 */
public interface JobQueries {

    /** The job, if its manifest is known. */
    Optional<JobSnapshot> job(UUID jobId);

    /**
     * For a job without a known manifest whose submit outcome this instance could not confirm: {@link SubmitOutcome#UNKNOWN}
     * while its transaction's fate is open, {@link SubmitOutcome#NOT_SUBMITTED} once it is known aborted (remembered for a
     * bounded number of jobs). Empty for every other job.
     */
    Optional<SubmitOutcome> submitOutcome(UUID jobId);

    /** Whether the read model has read the log up to where it stood at start: until then it must not answer for jobs. */
    boolean caughtUp();

    /** Completes with the job's report once it is known (at once if it already is). */
    CompletableFuture<Report> report(UUID jobId);

    /** The job's events after {@code offset} (-1: all of them), in order. */
    List<StoredEvent> eventsAfter(UUID jobId, long offset);

    /** Calls {@code listener} for each new event of the job until the returned handle is closed; the listener must not block. */
    AutoCloseable subscribe(UUID jobId, Consumer<StoredEvent> listener);

    /**
     * A page of the known jobs {@code listing} asks for, newest first ({@link JobOrder}). Walks an ordered index within the
     * listing's scan budget: never sorts nor snapshots the whole view.
     */
    JobPage jobs(JobListing listing);

    /** Every agent name ever announced. */
    Set<String> agentNames();

    /** The announced agent types, with their instances' liveness at {@code now}. */
    List<AgentType> agentTypes(Instant now);
}
