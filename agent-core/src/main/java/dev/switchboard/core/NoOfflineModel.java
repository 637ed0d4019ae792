package dev.switchboard.core;

import dev.switchboard.contracts.message.ErrorType;

/** The one "no offline analyzer" model ({@link OfflineModel#none()}), so hosts and tests can tell it apart. */
final class NoOfflineModel implements OfflineModel<Object> {
    static final NoOfflineModel INSTANCE = new NoOfflineModel();

    private NoOfflineModel() {
    }

    @Override
    public Object answer(AgentTask task) {
        throw new NonRetriableTaskException(ErrorType.AGENT_ERROR,
                "Agent " + task.agent() + " has no offline analyzer; set SWITCHBOARD_LLM_PROVIDER to openai or anthropic");
    }
}
