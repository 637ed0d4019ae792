package dev.switchboard.core.runtime;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.message.Usage;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.core.AgentTask;
import dev.switchboard.core.LlmClient;
import dev.switchboard.core.OfflineModel;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.core.internal.llm.GuardedLlmGateway;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The one way out to a model, for every agent of a process: one rate limiter, token budget,
 * {@code Retry-After} gate and circuit breaker per provider, shared by all agents that use it.
 * Create one per process and hand it to each {@link AgentWorker}.
 */
public interface LlmGateway extends AutoCloseable {

    /** A new gateway with its own limiter, budget, gate and breaker. */
    static LlmGateway create(LlmConfig config, MeterRegistry registry) {
        return new GuardedLlmGateway(config, registry);
    }

    /**
     * The process's gateway for this provider and endpoint, created on first use: every agent of a
     * process that asks for the same provider, base URL and model shares one limiter, budget,
     * {@code Retry-After} gate and breaker. {@link AgentWorker} uses this unless given a gateway.
     */
    static LlmGateway shared(LlmConfig config, MeterRegistry registry) {
        return GuardedLlmGateway.shared(config, registry);
    }

    /**
     * As {@link #shared(LlmConfig, MeterRegistry)}, and the limits are the provider account's across the deployment:
     * every process of the account (provider, base URL and key fingerprint, or {@code SWITCHBOARD_LLM_ACCOUNT}) takes a
     * share of them through the topic {@code catalogue.llmQuota()} (decision 0022). The offline provider has no quota.
     */
    static LlmGateway shared(LlmConfig config, KafkaSettings kafka, TopicCatalogue catalogue, MeterRegistry registry) {
        return GuardedLlmGateway.shared(config, kafka, catalogue.llmQuota().name(), registry);
    }

    LlmConfig config();

    /**
     * A client for one task of an agent; offline, the agent's {@link OfflineModel} answers, given the task
     * (with the text of the prompt's document when the prompt is about a part of it).
     */
    Client client(AgentTask task, OfflineModel<?> offlineModel);

    /** The model as the runtime sees it for one task: what the agent sees, plus what its result reports. */
    interface Client extends LlmClient {

        /** Tokens spent through this client so far (one client serves one task). */
        Usage usage();

        /** The model that answered, e.g. {@code gpt-4o-mini} or {@code offline}. */
        String modelName();
    }

    @Override
    void close();
}
