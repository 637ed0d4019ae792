package dev.switchboard.agents.synthesis;

import dev.switchboard.agenttest.AgentContract;
import dev.switchboard.core.Agent;

/** The shared contract gives no inputs: for this agent it checks the clear INPUT_FAILED failure on every document. */
class SynthesisContractTest extends AgentContract<Synthesis> {
    @Override
    protected Agent<Synthesis> agent() {
        return new SynthesisAgent();
    }
}
