package dev.switchboard.agents.keywords;

import dev.switchboard.agenttest.AgentContract;
import dev.switchboard.core.Agent;

class KeywordsContractTest extends AgentContract<KeywordsAgent.Keywords> {
    @Override
    protected Agent<KeywordsAgent.Keywords> agent() {
        return new KeywordsAgent();
    }
}
