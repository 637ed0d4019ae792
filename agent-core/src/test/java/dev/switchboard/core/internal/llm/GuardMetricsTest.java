package dev.switchboard.core.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GuardMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
            .slidingWindowSize(2).minimumNumberOfCalls(2).failureRateThreshold(50).build());
    private final RetryRegistry retries = RetryRegistry.of(RetryConfig.custom().maxAttempts(2).waitDuration(Duration.ofMillis(1)).build());
    private final CircuitBreaker breaker = breakers.circuitBreaker("llm-test");
    private final Retry retry = retries.retry("llm-test");

    @Test
    void shouldExportTheBreakersStateAndTheRetrysOutcomes() {
        // Given the gateway's breaker and retry bound to the registry
        new LlmMetrics(registry, "test").bindGuard(breakers, retries);
        assertThat(registry.get("resilience4j.circuitbreaker.state").tag("state", "closed").gauge().value()).isEqualTo(1);

        // When a call fails twice (one retry) through both
        assertThatThrownBy(() -> Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, () -> {
            throw new IllegalStateException("provider down");
        })).get()).isInstanceOf(IllegalStateException.class);

        // Then the retry counted a failure with retry, and the breaker opened on its 100% failure rate
        assertThat(registry.get("resilience4j.retry.calls").tag("kind", "failed_with_retry").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("resilience4j.circuitbreaker.state").tag("state", "open").gauge().value()).isEqualTo(1);
        assertThat(registry.get("resilience4j.circuitbreaker.state").tag("state", "closed").gauge().value()).isZero();
        assertThat(registry.get("resilience4j.circuitbreaker.failure.rate").gauge().value()).isEqualTo(100);
    }
}
