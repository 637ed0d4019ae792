package dev.switchboard.bench;

import dev.switchboard.core.Agent;
import dev.switchboard.core.AgentContext;
import dev.switchboard.core.AgentTask;
import dev.switchboard.core.Prompt;

/** A benchmark agent: sleeps a fixed time, or calls the model once, then answers. */
public final class BenchAgent implements Agent<BenchAgent.Out> {
    public record Out(String ok) {
    }

    private final String name;
    private final long sleepMillis;
    private final boolean callModel;

    public BenchAgent(String name, long sleepMillis, boolean callModel) {
        this.name = name;
        this.sleepMillis = sleepMillis;
        this.callModel = callModel;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Out handle(AgentTask task, AgentContext context) throws Exception {
        if (sleepMillis > 0) {
            Thread.sleep(sleepMillis);
        }
        if (callModel) {
            context.llm().chat(Prompt.of("bench", task.text()));
        }
        return new Out("ok");
    }
}
