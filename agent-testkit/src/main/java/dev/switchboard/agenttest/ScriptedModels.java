package dev.switchboard.agenttest;

import dev.switchboard.core.runtime.LlmGateway;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.core.config.LlmProvider;
import dev.switchboard.contracts.config.Secret;
import dev.switchboard.fakes.ScriptedOpenAiServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;

/** A real gateway (openai provider, real langchain4j client) pointed at a {@link ScriptedOpenAiServer}. */
public final class ScriptedModels {
    private ScriptedModels() {
    }

    public static LlmGateway gateway(ScriptedOpenAiServer server) {
        return LlmGateway.create(LlmConfig.custom()
                .provider(LlmProvider.OPENAI)
                .baseUrl(server.baseUrl())
                .apiKey(Secret.of("sk-test"))
                .model("scripted-model")
                .requestsPerSecond(100)
                .maxAttempts(1)
                .timeout(Duration.ofSeconds(5))
                .build(), new SimpleMeterRegistry());
    }
}
