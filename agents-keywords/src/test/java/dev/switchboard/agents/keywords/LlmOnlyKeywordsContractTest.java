package dev.switchboard.agents.keywords;

import dev.switchboard.agenttest.AgentContract;
import dev.switchboard.core.Agent;
import dev.switchboard.core.AgentContext;
import dev.switchboard.core.AgentTask;
import java.util.List;

/**
 * The contract for an LLM-only agent: with no offline model, the contract asks for what a model would answer and runs
 * the agent against a scripted OpenAI-compatible server with it, instead of passing every case on "no offline analyzer".
 */
class LlmOnlyKeywordsContractTest extends AgentContract<Keywords> {

    /** The keywords agent without its offline model: what an author writes first. */
    static final class LlmOnlyKeywords implements Agent<Keywords> {
        private final KeywordsAgent keywords = new KeywordsAgent();

        @Override
        public String name() {
            return "keywords";
        }

        @Override
        public Keywords handle(AgentTask task, AgentContext context) {
            return keywords.handle(task, context);
        }
    }

    @Override
    protected Agent<Keywords> agent() {
        return new LlmOnlyKeywords();
    }

    @Override
    protected Keywords sampleAnswer() {
        return new Keywords(List.of("kafka", "agents"));
    }
}
