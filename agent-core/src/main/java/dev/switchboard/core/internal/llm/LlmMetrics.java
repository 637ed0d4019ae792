package dev.switchboard.core.internal.llm;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * LLM calls, tokens, errors, latency and rate-limiter wait, tagged by provider; paid tokens and their estimated cost,
 * and every answer a task used (from the provider, the call journal or the answer cache), also by agent and model.
 */
final class LlmMetrics {
    /** Where an answer a task used came from. */
    enum Source { PROVIDER, JOURNAL, CACHE }

    /** At most this many distinct {@code model} tag values. */
    static final int MAX_MODELS = 50;

    private final MeterRegistry registry;
    private final java.util.Set<String> models = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final String provider;
    private final Counter success;
    private final Counter failure;
    private final Counter structuredFallbacks;
    private final Timer latency;
    private final Timer wait;

    LlmMetrics(MeterRegistry registry, String provider) {
        this.registry = registry;
        this.provider = provider;
        this.success = Counter.builder("switchboard.llm.calls").tag("provider", provider).tag("outcome", "success").register(registry);
        this.failure = Counter.builder("switchboard.llm.calls").tag("provider", provider).tag("outcome", "error").register(registry);
        this.structuredFallbacks = Counter.builder("switchboard.llm.structured.fallbacks")
                .description("calls that a server refused with a JSON Schema response format and that took the prompt path")
                .tag("provider", provider).register(registry);
        this.latency = Timer.builder("switchboard.llm.latency").tag("provider", provider).publishPercentileHistogram().register(registry);
        this.wait = Timer.builder("switchboard.llm.ratelimiter.wait").tag("provider", provider).register(registry);
    }

    /**
     * The gateway's circuit breaker and retry, bound by resilience4j-micrometer: {@code resilience4j_circuitbreaker_state},
     * {@code _failure_rate}, {@code _buffered_calls}, {@code _calls}, {@code resilience4j_retry_calls}, tagged {@code name}.
     */
    void bindGuard(io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry breakers,
                   io.github.resilience4j.retry.RetryRegistry retries) {
        io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
        io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(registry);
    }

    void recordCall(Duration took, boolean ok) {
        latency.record(took);
        (ok ? success : failure).increment();
    }

    /**
     * One answer {@code agent} used: {@code switchboard.llm.answers{agent,model,source}}; tokens
     * ({@code switchboard.llm.tokens{agent,model,direction}}) and cost ({@code switchboard.llm.cost{agent,model}}) only
     * for an answer paid for now, from the provider.
     */
    void recordAnswer(String agent, String answeredBy, Source source, dev.switchboard.contracts.message.Usage call) {
        String model = modelTag(answeredBy);
        counter("switchboard.llm.answers", agent, model, "source", source.name().toLowerCase(java.util.Locale.ROOT)).increment();
        if (source != Source.PROVIDER) {
            return;
        }
        counter("switchboard.llm.tokens", agent, model, "direction", "input").increment(call.inputTokens());
        counter("switchboard.llm.tokens", agent, model, "direction", "output").increment(call.outputTokens());
        if (call.estimatedCost() != null) {
            Counter.builder("switchboard.llm.cost").description("estimated cost of paid model calls (price table)")
                    .tag("provider", provider).tag("agent", agent).tag("model", model).register(registry)
                    .increment(call.estimatedCost());
        }
    }

    /**
     * The {@code model} tag: the name a provider answered with, for the first {@value #MAX_MODELS} names; {@code other}
     * for the rest, so a provider (or a proxy) naming its models freely cannot grow the registry without bound.
     */
    String modelTag(String answeredBy) {
        String model = answeredBy == null ? "unknown" : answeredBy;
        if (models.contains(model)) {
            return model;
        }
        synchronized (models) {
            return models.size() < MAX_MODELS && models.add(model) || models.contains(model) ? model : "other";
        }
    }

    private Counter counter(String name, String agent, String model, String tag, String value) {
        return Counter.builder(name).tag("provider", provider).tag("agent", agent).tag("model", model).tag(tag, value)
                .register(registry);
    }

    /** One repair of an answer that did not fit the output record: {@code switchboard.llm.repairs{agent,outcome=fixed|failed}}. */
    void recordRepair(String agent, boolean fixed) {
        Counter.builder("switchboard.llm.repairs").tag("provider", provider).tag("agent", agent)
                .tag("outcome", fixed ? "fixed" : "failed").register(registry).increment();
    }

    void recordStructuredFallback() {
        structuredFallbacks.increment();
    }

    void recordWait(Duration waited) {
        wait.record(waited);
    }
}
