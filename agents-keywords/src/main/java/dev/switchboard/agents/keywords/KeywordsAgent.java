package dev.switchboard.agents.keywords;

import dev.switchboard.core.Agent;
import dev.switchboard.core.AgentContext;
import dev.switchboard.core.AgentTask;
import dev.switchboard.core.OfflineModel;
import dev.switchboard.core.PromptTemplate;

/** {@code keywords}: the words a document is about. The example of docs/writing-an-agent.md. */
public final class KeywordsAgent implements Agent<Keywords> {
    private static final PromptTemplate PROMPT = PromptTemplate.fromResource(KeywordsAgent.class, "prompt.txt");

    @Override
    public String name() {
        return "keywords";
    }

    @Override
    public Keywords handle(AgentTask task, AgentContext context) {
        return context.llm().generate(PROMPT.forDocument(task.text()), Keywords.class);
    }

    /** Offline (no model configured), the most frequent words stand in for the model's answer. */
    @Override
    public OfflineModel<Keywords> offlineModel() {
        return new FrequentWords();
    }
}
