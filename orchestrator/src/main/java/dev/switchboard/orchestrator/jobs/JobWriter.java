package dev.switchboard.orchestrator.jobs;

import dev.switchboard.orchestrator.port.FanOutException;
import dev.switchboard.orchestrator.port.JobRefusedException;
import dev.switchboard.orchestrator.port.JobTooLargeException;
import java.util.ArrayList;
import java.util.List;

/** Writes one job's records to Kafka atomically. */
public interface JobWriter {

    /**
     * Returns once every record of the job is committed. Throws {@link JobRefusedException} (e.g.
     * {@link JobTooLargeException}) when Kafka refused a record of this job, {@link FanOutException}
     * when the job could not be written for another reason; in both cases nothing of it is visible.
     * Throws {@link UndecidedWriteException} when a committer took the job but its outcome is not known.
     */
    void submit(JobRecords job);

    /**
     * Writes each job atomically as {@link #submit} does, and answers each one's failure ({@code null}: committed), in
     * order. The fan-out queues them together so they share transactions; this default writes them one by one.
     */
    default List<RuntimeException> submitAll(List<JobRecords> jobs) {
        List<RuntimeException> failures = new ArrayList<>(jobs.size());
        for (JobRecords job : jobs) {
            try {
                submit(job);
                failures.add(null);
            } catch (FanOutException | UndecidedWriteException e) {
                failures.add(e);
            }
        }
        return failures;
    }
}
