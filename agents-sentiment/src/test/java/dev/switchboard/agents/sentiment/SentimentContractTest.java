package dev.switchboard.agents.sentiment;

import dev.switchboard.agenttest.AgentContract;
import dev.switchboard.core.Agent;

class SentimentContractTest extends AgentContract<Sentiment> {
    @Override
    protected Agent<Sentiment> agent() {
        return new SentimentAgent();
    }
}
