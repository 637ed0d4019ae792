package dev.switchboard.agenttest;

import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.Ids;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.core.Agent;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.core.runtime.AgentInvocation;
import dev.switchboard.core.runtime.LlmGateway;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/** Runs an agent on one document without Kafka, through a real gateway (offline by default), as the worker runs it. */
public final class AgentHarness<O> {
    private final Agent<O> agent;
    private final LlmGateway gateway;

    private AgentHarness(Agent<O> agent, LlmGateway gateway) {
        this.agent = agent;
        this.gateway = gateway;
    }

    public static <O> AgentHarness<O> offline(Agent<O> agent) {
        return new AgentHarness<>(agent, LlmGateway.create(LlmConfig.ofDefaults(), new SimpleMeterRegistry()));
    }

    public static <O> AgentHarness<O> with(Agent<O> agent, LlmGateway gateway) {
        return new AgentHarness<>(agent, gateway);
    }

    public O run(String text) throws Exception {
        return invocation(text).call();
    }

    /** The agent's headline for an output, as the worker would put it into the result (one that throws is left out). */
    public Optional<String> headline(O output) {
        return invocation("").headline(output);
    }

    private AgentInvocation<O> invocation(String text) {
        Instant now = Instant.now();
        Task task = Task.create(Ids.newId(), agent.name(), Document.ofText(text), null, now, now.plusSeconds(300));
        return AgentInvocation.of(agent, task, gateway, Clock.systemUTC(), LoggerFactory.getLogger("agent." + agent.name()));
    }
}
