package dev.switchboard.orchestrator.port;

import dev.switchboard.contracts.message.ErrorInfo;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.Report;
import java.util.Map;

/** An immutable copy of what the view knows about one job. */
public record JobSnapshot(JobManifest manifest, JobStatus status, Map<String, AgentProgress> agents, Report report) {

    /** One agent's line in a job's status. */
    public record AgentProgress(AgentState state, int attempts, ErrorInfo error) {
    }
}
