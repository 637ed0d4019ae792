package dev.switchboard.agents.keywords;

import dev.switchboard.agenttest.AgentContract;
import dev.switchboard.core.Agent;

class KeywordsContractTest extends AgentContract<Keywords> {
    @Override
    protected Agent<Keywords> agent() {
        return new KeywordsAgent();
    }
}
