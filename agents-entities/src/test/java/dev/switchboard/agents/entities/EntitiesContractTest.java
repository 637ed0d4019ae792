package dev.switchboard.agents.entities;

import dev.switchboard.agenttest.AgentContract;
import dev.switchboard.core.Agent;

class EntitiesContractTest extends AgentContract<Entities> {
    @Override
    protected Agent<Entities> agent() {
        return new EntitiesAgent();
    }
}
