package dev.switchboard.contracts.message;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What a job expects: the agents that must answer, by when, and whom to tell. {@code requestHash}
 * (SHA-256 of the submitted request) lets a retried submit with the same {@code Idempotency-Key}
 * be told apart from a different request that reuses the key. {@code owner} is the non-secret id of
 * the caller that submitted it (an API key's fingerprint, {@code "anonymous"} without keys); it is
 * absent from manifests written before it existed, which then read as {@code null}. {@code budget} caps the job's
 * model tokens ({@code null}: none), shared out evenly among its tasks.
 */
public record JobManifest(
        int version,
        UUID jobId,
        List<String> agents,
        Instant submittedAt,
        Instant deadline,
        String callbackUrl,
        Map<String, String> metadata,
        String requestHash,
        String owner,
        Budget budget) implements Versioned {

    public JobManifest {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(submittedAt, "submittedAt");
        Objects.requireNonNull(deadline, "deadline");
        agents = List.copyOf(Objects.requireNonNull(agents, "agents"));
        if (agents.isEmpty()) {
            throw new IllegalArgumentException("a job expects at least one agent");
        }
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** A manifest without a budget. */
    public JobManifest(int version, UUID jobId, List<String> agents, Instant submittedAt, Instant deadline,
                       String callbackUrl, Map<String, String> metadata, String requestHash, String owner) {
        this(version, jobId, agents, submittedAt, deadline, callbackUrl, metadata, requestHash, owner, null);
    }

    /** A manifest without an owner (tests, stand-ins); see {@link #withOwner(String)}. */
    public JobManifest(int version, UUID jobId, List<String> agents, Instant submittedAt, Instant deadline,
                       String callbackUrl, Map<String, String> metadata, String requestHash) {
        this(version, jobId, agents, submittedAt, deadline, callbackUrl, metadata, requestHash, null);
    }

    public JobManifest withOwner(String owner) {
        return new JobManifest(version, jobId, agents, submittedAt, deadline, callbackUrl, metadata, requestHash, owner, budget);
    }

    public JobManifest withBudget(Budget budget) {
        return new JobManifest(version, jobId, agents, submittedAt, deadline, callbackUrl, metadata, requestHash, owner, budget);
    }

    public static JobManifest create(UUID jobId, List<String> agents, Instant submittedAt, Instant deadline,
                                     String callbackUrl, Map<String, String> metadata) {
        return new JobManifest(CURRENT_VERSION, jobId, agents, submittedAt, deadline, callbackUrl, metadata, null);
    }
}
