package dev.switchboard.agenttest;

import dev.switchboard.core.Agent;
import dev.switchboard.core.AgentContext;
import dev.switchboard.core.LlmClient;
import dev.switchboard.core.runtime.LlmGateway;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.Ids;
import dev.switchboard.contracts.message.Task;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs an agent on one document without Kafka, through a real gateway (offline by default). */
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
        Instant now = Instant.now();
        Task task = Task.create(Ids.newId(), agent.name(), Document.ofText(text), null, now, now.plusSeconds(300));
        LlmClient llm = gateway.client(agent.offlineModel());
        Logger log = LoggerFactory.getLogger("agent." + agent.name());
        return agent.handle(task, new AgentContext() {
            @Override
            public LlmClient llm() {
                return llm;
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }

            @Override
            public Instant deadline() {
                return task.deadline();
            }

            @Override
            public int attempt() {
                return 1;
            }

            @Override
            public Logger log() {
                return log;
            }
        });
    }
}
