package dev.switchboard.launcher;

import dev.switchboard.agents.entities.EntitiesAgent;
import dev.switchboard.agents.keywords.KeywordsAgent;
import dev.switchboard.agents.sentiment.SentimentAgent;
import dev.switchboard.agents.summarizer.SummaryAgent;
import dev.switchboard.core.Agent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The agents this jar can run by name. */
final class BuiltInAgents {
    private static final Map<String, Supplier<Agent<?>>> AGENTS = new LinkedHashMap<>();

    static {
        AGENTS.put(SentimentAgent.NAME, SentimentAgent::new);
        AGENTS.put(EntitiesAgent.NAME, EntitiesAgent::new);
        AGENTS.put(SummaryAgent.NAME, SummaryAgent::new);
        AGENTS.put("keywords", KeywordsAgent::new);
    }

    private BuiltInAgents() {
    }

    static Set<String> names() {
        return AGENTS.keySet();
    }

    static Agent<?> create(String name) {
        Supplier<Agent<?>> agent = AGENTS.get(name);
        if (agent == null) {
            throw new IllegalArgumentException("Unknown agent '" + name + "'; this jar runs " + AGENTS.keySet());
        }
        return agent.get();
    }
}
