package dev.switchboard.contracts.lifecycle;

import java.util.Optional;

/**
 * One long-running part of a Switchboard process (the orchestrator, the aggregator, an agent worker) as the one
 * lifecycle runner sees it: start, readiness, a failure that stopped it on its own, and a drain on close.
 */
public interface Service extends AutoCloseable {

    /**
     * Starts the service's threads; returns once it is starting (readiness says when it serves). Returns the service
     * itself, so an implementation may narrow the type ({@code AgentWorker start()}) and callers may chain.
     */
    Service start();

    /** Whether the service does its work now (what {@code /health/ready} reports). */
    boolean isReady();

    /** The failure that stopped the service on its own, if it did; the process should then exit non-zero. */
    Optional<Throwable> failure();

    /**
     * How long this service's {@link #close()} may take to drain what is in flight (its configured drain timeout); the
     * runner waits that long plus a margin before it leaves a close behind. Zero for a service with nothing to drain.
     */
    default java.time.Duration drainTimeout() {
        return java.time.Duration.ZERO;
    }

    /** Stops taking work, drains what is in flight (bounded), releases everything. Idempotent. */
    @Override
    void close();
}
