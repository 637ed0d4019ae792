package dev.switchboard.contracts.message;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What a job expects: the agents that must answer, by when, and whom to tell. {@code requestHash}
 * (SHA-256 of the submitted request) lets a retried submit with the same {@code Idempotency-Key}
 * be told apart from a different request that reuses the key.
 */
public record JobManifest(
        int version,
        UUID jobId,
        List<String> agents,
        Instant submittedAt,
        Instant deadline,
        String callbackUrl,
        Map<String, String> metadata,
        String requestHash) implements Versioned {

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

    public static JobManifest create(UUID jobId, List<String> agents, Instant submittedAt, Instant deadline,
                                     String callbackUrl, Map<String, String> metadata) {
        return new JobManifest(CURRENT_VERSION, jobId, agents, submittedAt, deadline, callbackUrl, metadata, null);
    }
}
