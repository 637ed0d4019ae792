package dev.switchboard.orchestrator.port;

/**
 * Kafka refused a record of this job for a reason of the record's own (its size, its content):
 * writing it again would fail again. Nothing of the job is visible; other jobs are not affected.
 */
public class JobRefusedException extends FanOutException {
    public JobRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
