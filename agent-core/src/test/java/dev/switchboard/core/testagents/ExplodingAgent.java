package dev.switchboard.core.testagents;

import dev.switchboard.core.Agent;
import dev.switchboard.core.AgentContext;
import dev.switchboard.core.AgentTask;

/** A plugin whose constructor fails (a resource missing from its jar, say): discovery must survive it. */
public final class ExplodingAgent implements Agent<Echo> {

    public ExplodingAgent() {
        throw new IllegalStateException("lexicon.tsv is missing from the plugin jar");
    }

    @Override
    public String name() {
        return "exploding";
    }

    @Override
    public Echo handle(AgentTask task, AgentContext context) {
        return new Echo(task.text(), 0);
    }
}
