package dev.switchboard.agents.summarizer;

import dev.switchboard.agenttest.AgentContract;
import dev.switchboard.core.Agent;

class SummaryContractTest extends AgentContract<Summary> {
    @Override
    protected Agent<Summary> agent() {
        return new SummaryAgent();
    }
}
