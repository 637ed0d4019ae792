package dev.switchboard.orchestrator.http;

import dev.switchboard.contracts.message.AgentGraph;
import dev.switchboard.contracts.message.ErrorInfo;
import dev.switchboard.orchestrator.port.AgentState;
import dev.switchboard.orchestrator.port.JobSnapshot;

/**
 * One agent's line in {@code GET /v1/jobs/{id}}: its progress and its {@code stage} in the job's workflow (1 for an
 * agent that needs no other, else one more than its latest need's; decision 0030).
 */
record AgentLine(AgentState state, int stage, int attempts, ErrorInfo error) {

    /** {@code progress} of {@code agent} in a job running {@code graph}; null when the view has no progress for it. */
    static AgentLine of(String agent, JobSnapshot.AgentProgress progress, AgentGraph graph) {
        return progress == null ? null : new AgentLine(progress.state(), graph.stage(agent), progress.attempts(), progress.error());
    }
}
