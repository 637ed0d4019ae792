package dev.switchboard.contracts.message;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 *
 * <p>{@code needs}: which of the job's agents need which others' outputs (decision 0030), copied from topics.yaml at
 * submit, so a job runs the workflow it was submitted with; empty when no agent needs another (and in manifests
 * written before workflows existed). Only agents of the first stage get a task at submit; the aggregator releases
 * each later one, with its inputs, and needs {@code document} for that: it is present when {@code needs} is not
 * empty, and {@link #withoutDocument()} drops it wherever a manifest is kept.
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
        Budget budget,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, List<String>> needs,
        Document document) implements Versioned {

    public JobManifest {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(submittedAt, "submittedAt");
        Objects.requireNonNull(deadline, "deadline");
        agents = List.copyOf(Objects.requireNonNull(agents, "agents"));
        if (agents.isEmpty()) {
            throw new IllegalArgumentException("a job expects at least one agent");
        }
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        AgentGraph graph = AgentGraph.of(needs);
        for (String agent : graph.agents()) {
            if (!agents.contains(agent)) {
                throw new IllegalArgumentException("needs name agent '" + agent + "', which the job does not run: " + agents);
            }
        }
        needs = graph.asMap();
    }

    /** A manifest whose agents need nothing of each other. */
    public JobManifest(int version, UUID jobId, List<String> agents, Instant submittedAt, Instant deadline,
                       String callbackUrl, Map<String, String> metadata, String requestHash, String owner, Budget budget) {
        this(version, jobId, agents, submittedAt, deadline, callbackUrl, metadata, requestHash, owner, budget, null, null);
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
        return new JobManifest(version, jobId, agents, submittedAt, deadline, callbackUrl, metadata, requestHash, owner, budget,
                needs, document);
    }

    public JobManifest withBudget(Budget budget) {
        return new JobManifest(version, jobId, agents, submittedAt, deadline, callbackUrl, metadata, requestHash, owner, budget,
                needs, document);
    }

    /** This manifest running {@code graph}'s needs among its agents, with the document later stages work on. */
    public JobManifest withWorkflow(AgentGraph graph, Document document) {
        AgentGraph kept = graph.restrictedTo(agents);
        return new JobManifest(version, jobId, agents, submittedAt, deadline, callbackUrl, metadata, requestHash, owner, budget,
                kept.asMap(), kept.isEmpty() ? null : document);
    }

    /** This manifest without its document: what a store or view keeps (the document can be megabytes). */
    public JobManifest withoutDocument() {
        return document == null ? this : new JobManifest(version, jobId, agents, submittedAt, deadline, callbackUrl, metadata,
                requestHash, owner, budget, needs, null);
    }

    /** The job's needs as a graph. */
    public AgentGraph graph() {
        return AgentGraph.of(needs);
    }

    /** The agents that get a task at submit: those that need no other. */
    public List<String> firstStage() {
        return agents.stream().filter(a -> !needs.containsKey(a)).toList();
    }

    public static JobManifest create(UUID jobId, List<String> agents, Instant submittedAt, Instant deadline,
                                     String callbackUrl, Map<String, String> metadata) {
        return new JobManifest(CURRENT_VERSION, jobId, agents, submittedAt, deadline, callbackUrl, metadata, null);
    }
}
