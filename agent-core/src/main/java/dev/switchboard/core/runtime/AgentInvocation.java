package dev.switchboard.core.runtime;

import dev.switchboard.contracts.message.Task;
import dev.switchboard.core.Agent;
import dev.switchboard.core.AgentContext;
import dev.switchboard.core.AgentTask;
import dev.switchboard.core.Input;
import dev.switchboard.core.OfflineModel;
import dev.switchboard.core.LlmClient;
import dev.switchboard.core.internal.llm.TaskData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * One call of an agent on one task, as a host makes it: the task as the agent sees it, the task's model client
 * (through a gateway), the context, and the agent's headline for the output. The worker runtime and the agent
 * test harness both run agents through it.
 *
 * @param <O> the agent's output type
 */
public final class AgentInvocation<O> {
    private final Agent<O> agent;
    private final AgentTask task;
    private final LlmGateway.Client llm;
    private final Logger log;
    private final AgentContext context;

    private AgentInvocation(Agent<O> agent, AgentTask task, LlmGateway gateway, Clock clock, Logger log) {
        this.agent = Objects.requireNonNull(agent, "agent");
        this.task = task;
        this.llm = gateway.client(this.task, offlineModelOf(agent));
        this.log = log;
        this.context = new Context(llm, clock, log, task.deadline(), task instanceof TaskData data ? data.inputs() : Map.of());
    }

    /**
     * The agent's offline model; if the agent cannot even make one (author code: a resource missing from its jar), a
     * model that fails the task with that error when it is asked, so it is this task's failure, never the worker's.
     */
    private static <O> OfflineModel<O> offlineModelOf(Agent<O> agent) {
        try {
            OfflineModel<O> model = agent.offlineModel();
            return model != null ? model : OfflineModel.none();
        } catch (RuntimeException | LinkageError | AssertionError e) {
            return task -> {
                throw e;
            };
        }
    }

    public static <O> AgentInvocation<O> of(Agent<O> agent, Task task, LlmGateway gateway, Clock clock, Logger log) {
        return new AgentInvocation<>(agent, TaskData.of(task), gateway, clock, log);
    }

    /**
     * The agent on a task as the host made it; the worker runtime's tasks also carry their attempt's view of the call
     * journal, which only the runtime can make (it is no part of this API).
     */
    public static <O> AgentInvocation<O> of(Agent<O> agent, AgentTask task, LlmGateway gateway, Clock clock, Logger log) {
        return new AgentInvocation<>(agent, task, gateway, clock, log);
    }

    /** Runs the agent's {@link Agent#handle}. */
    public O call() throws Exception {
        return agent.handle(task, context);
    }

    public AgentTask task() {
        return task;
    }

    /** The task's model client: its usage and model name go into the result. */
    public LlmGateway.Client llm() {
        return llm;
    }

    /**
     * The agent's {@link Agent#headline headline} for an output it gave. One that throws is logged and left out:
     * a headline never fails a task.
     */
    public Optional<String> headline(O output) {
        try {
            Optional<String> headline = agent.headline(output);
            return headline == null ? Optional.empty() : headline.filter(h -> !h.isBlank());
        } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
            log.warn("Agent {} could not give a headline for its output; the report's synthesis only names it: {}",
                    agent.name(), e.toString());
            return Optional.empty();
        }
    }

    private record Context(LlmClient llm, Clock clock, Logger log, Instant deadline, Map<String, Input> inputs)
            implements AgentContext {
        @Override
        public Duration remaining() {
            Duration left = Duration.between(clock.instant(), deadline);
            return left.isNegative() ? Duration.ZERO : left;
        }
    }
}
