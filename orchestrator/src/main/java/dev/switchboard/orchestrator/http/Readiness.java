package dev.switchboard.orchestrator.http;

/** What {@code /health/ready} checks besides the job view. */
public interface Readiness {
    boolean kafkaReachable();

    boolean topicsProvisioned();
}
