package dev.switchboard.core.internal.llm;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** LLM calls, tokens, errors, latency and rate-limiter wait, tagged by provider. */
final class LlmMetrics {
    private final Counter success;
    private final Counter failure;
    private final Counter inputTokens;
    private final Counter outputTokens;
    private final Counter repairs;
    private final Timer latency;
    private final Timer wait;

    LlmMetrics(MeterRegistry registry, String provider) {
        this.success = Counter.builder("switchboard.llm.calls").tag("provider", provider).tag("outcome", "success").register(registry);
        this.failure = Counter.builder("switchboard.llm.calls").tag("provider", provider).tag("outcome", "error").register(registry);
        this.inputTokens = Counter.builder("switchboard.llm.tokens").tag("provider", provider).tag("direction", "input").register(registry);
        this.outputTokens = Counter.builder("switchboard.llm.tokens").tag("provider", provider).tag("direction", "output").register(registry);
        this.repairs = Counter.builder("switchboard.llm.repairs").tag("provider", provider).register(registry);
        this.latency = Timer.builder("switchboard.llm.latency").tag("provider", provider).publishPercentileHistogram().register(registry);
        this.wait = Timer.builder("switchboard.llm.ratelimiter.wait").tag("provider", provider).register(registry);
    }

    void recordCall(Duration took, boolean ok) {
        latency.record(took);
        (ok ? success : failure).increment();
    }

    void recordTokens(long in, long out) {
        inputTokens.increment(in);
        outputTokens.increment(out);
    }

    void recordRepair() {
        repairs.increment();
    }

    void recordWait(Duration waited) {
        wait.record(waited);
    }
}
