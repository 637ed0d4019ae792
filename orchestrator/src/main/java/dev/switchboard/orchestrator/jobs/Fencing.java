package dev.switchboard.orchestrator.jobs;

import dev.switchboard.orchestrator.port.FanOutException;
import java.time.Duration;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * Tells the committers of one fan-out whether a fenced producer lost its transactional id to
 * another live orchestrator, and once one did, keeps every committer of the fan-out from taking it
 * back. A transaction younger than the transaction timeout cannot have been aborted by the
 * coordinator, so a {@link ProducerFencedException} there means a newer producer with the same id:
 * another instance with the same {@code SWITCHBOARD_ORCHESTRATOR_INSTANCE_ID}. Re-initialising would
 * fence that instance in turn, and both would go on fencing each other; this fan-out stops instead.
 */
final class Fencing {
    static final String INSTANCE_ID_VARIABLE = "SWITCHBOARD_ORCHESTRATOR_INSTANCE_ID";

    private final String instanceId;
    private final Duration transactionTimeout;
    private volatile FanOutException fencedOut;

    Fencing(String instanceId, Duration transactionTimeout) {
        this.instanceId = instanceId;
        this.transactionTimeout = transactionTimeout;
    }

    /** True when {@code error} (or an exception it wraps) says this producer's transactional id was taken over. */
    static boolean isFenced(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProducerFencedException) {
                return true;
            }
        }
        return false;
    }

    /** True when a transaction open for {@code age} was fenced by another producer, not aborted for its age by the coordinator. */
    boolean byAnotherProducer(Duration age) {
        return age.compareTo(transactionTimeout) < 0;
    }

    /** Records that another orchestrator took {@code transactionalId}; returns the failure to answer every job with from now on. */
    FanOutException fenceOut(String transactionalId, Throwable cause) {
        FanOutException e = new FanOutException("The fan-out producer '" + transactionalId + "' was fenced by a newer producer"
                + " with the same transactional id: another orchestrator uses " + INSTANCE_ID_VARIABLE + "=" + instanceId
                + ". This instance writes no more jobs; give each orchestrator its own " + INSTANCE_ID_VARIABLE
                + " and restart it", cause);
        if (fencedOut == null) {
            fencedOut = e;
        }
        return fencedOut;
    }

    /**
     * How long after being fenced out a job whose commit outcome was open is sealed (settled from the log): one
     * transaction timeout, by which the fencing producer's start has had the coordinator finish the transaction.
     */
    Duration sealDelay() {
        return transactionTimeout;
    }

    /** The failure every submit answers with once this fan-out was fenced out, or {@code null}. */
    FanOutException fencedOut() {
        return fencedOut;
    }
}
