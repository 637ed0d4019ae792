package dev.switchboard.orchestrator.port;

/**
 * What became of one item of a batch submit: the job it was given ({@link #job()}), or the refusal that a single
 * submit of it would have thrown ({@link #refusal()}: one of {@link JobSubmissions#submit}'s exceptions).
 */
public record BatchResult(AcceptedJob job, RuntimeException refusal) {

    public static BatchResult accepted(AcceptedJob job) {
        return new BatchResult(job, null);
    }

    public static BatchResult refused(RuntimeException refusal) {
        return new BatchResult(null, refusal);
    }
}
