package dev.switchboard.agents.synthesis;

import dev.switchboard.agenttest.AgentContract;
import dev.switchboard.core.Agent;
import java.util.List;
import java.util.Map;

/** Every awkward document, with the three outputs the agent needs as its inputs (as the aggregator attaches them). */
class SynthesisContractTest extends AgentContract<Synthesis> {
    @Override
    protected Agent<Synthesis> agent() {
        return new SynthesisAgent();
    }

    @Override
    protected Map<String, Object> sampleInputs() {
        return Map.of(
                "sentiment", Map.of("label", "mixed", "score", 0.1, "confidence", 0.4),
                "entities", Map.of("entities", List.of(Map.of("text", "Acme Corp", "type", "ORGANIZATION", "mentions", 2))),
                "summary", Map.of("summary", "Acme Corp reported steady growth.", "keyPoints", List.of("growth")));
    }
}
