package dev.switchboard.agenttest.example;

import dev.switchboard.core.Agent;
import dev.switchboard.core.AgentContext;
import dev.switchboard.core.AgentTask;

/** The guide's agent with needs (docs/writing-an-agent.md): one line from the summary, and the sentiment if there is one. */
public final class BriefAgent implements Agent<Brief> {
    /** The fields of the summary agent's output this agent reads (the others are ignored). */
    record SummaryInput(String summary) {
    }

    record SentimentInput(String label) {
    }

    @Override
    public String name() {
        return "brief";
    }

    @Override
    public Brief handle(AgentTask task, AgentContext context) {
        String summary = context.input("summary", SummaryInput.class).summary(); // a failed summary fails this task
        String sentiment = context.findInput("sentiment", SentimentInput.class) // a failed sentiment is left out
                .map(s -> " (" + s.label().toLowerCase(java.util.Locale.ROOT) + ")").orElse("");
        return new Brief(summary + sentiment);
    }
}
