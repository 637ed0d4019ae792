package dev.switchboard.core.internal.runtime;

import dev.switchboard.core.AgentContext;
import dev.switchboard.core.LlmClient;
import dev.switchboard.contracts.message.Task;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;

/** The runtime's {@link AgentContext} for one task. */
record TaskContext(Task task, LlmClient llm, Clock clock, Logger log) implements AgentContext {

    @Override
    public Instant deadline() {
        return task.deadline();
    }

    @Override
    public int attempt() {
        return task.attempt();
    }
}
