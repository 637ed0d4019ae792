package dev.switchboard.core.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.RetriableTaskException;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.core.config.LlmProvider;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The guard around one provider when the quota, not the provider, is what is missing. */
class ProviderGuardTest {
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final TokenWindow tokens = new TokenWindow(1_000, nanos::get,
            millis -> nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis)));
    private final LlmConfig config = LlmConfig.custom().provider(LlmProvider.OPENAI).baseUrl("http://localhost:1/v1")
            .maxAttempts(3).backoff(Duration.ofMillis(1), Duration.ofMillis(2)).circuitBreaker(50f, 4, Duration.ofSeconds(30))
            .build();
    private final ProviderGuard guard = new ProviderGuard(config, new LlmMetrics(new SimpleMeterRegistry(), "openai"), tokens,
            Duration.ofMinutes(1));

    @Test
    void shouldNeitherOpenTheBreakerNorRetryWhenTheQuotaIsStarved() {
        // Given a token share of 0 (other processes hold the account's whole budget)
        tokens.limit(0);
        AtomicInteger sent = new AtomicInteger();

        // When more calls than the breaker's window wait for tokens in vain
        for (int i = 0; i < 6; i++) {
            long before = nanos.get();
            assertThatThrownBy(() -> guard.call(100, () -> sent.incrementAndGet()))
                    .isInstanceOf(RetriableTaskException.class).hasMessageContaining("token quota");
            // Then each waited once for its bound (1 min), not once per attempt of the guard's retry
            assertThat(nanos.get() - before).isLessThan(TimeUnit.MINUTES.toNanos(2));
        }

        // And the breaker still lets calls through: waiting for quota is no provider failure
        assertThat(sent).hasValue(0);
        assertThat(guard.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
        tokens.limit(1_000);
        assertThat(guard.call(100, () -> "answered")).isEqualTo("answered");
    }

    @Test
    void shouldNotOpenTheBreakerWhenNoRequestShareComes() {
        // Given the transport finds no share of the request quota within its bound, again and again
        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> guard.call(100, () -> {
                throw new IllegalStateException("wrapped by the model class", new QuotaWaitException("No share of the request quota"));
            })).isInstanceOf(RetriableTaskException.class).hasMessageContaining("request quota");
        }

        // Then the breaker is still closed
        assertThat(guard.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void shouldGiveTheTokensBackWhenTheRequestNeverLeft() throws Exception {
        // Given a call of 800 tokens whose request never left (no share of the request quota came)
        assertThatThrownBy(() -> guard.call(800, () -> {
            throw new QuotaWaitException("No share of the request quota");
        })).isInstanceOf(RetriableTaskException.class);

        // Then the window holds none of it
        assertThat(tokens.reserve(800, Duration.ZERO)).isNotNull();
    }

    @Test
    void shouldKeepTheTokensOfARequestThatLeftAndFailed() throws Exception {
        // Given a call of 800 tokens whose request left, and whose answer never came
        assertThatThrownBy(() -> guard.call(800, () -> {
            CallAttempt.markLeft();
            throw new IllegalArgumentException("bad request");
        }));

        // Then the provider may have counted it: the window keeps it
        assertThat(tokens.reserve(800, Duration.ZERO)).isNull();
    }

    @Test
    void shouldWaitForTokensNoLongerThanTheTaskDeadline() {
        // Given no tokens, and a task whose deadline has come
        tokens.limit(0);
        long before = nanos.get();

        // When it calls, it fails at once rather than wait the guard's bound (1 min) past its deadline
        assertThatThrownBy(() -> guard.until(Instant.now()).call(100, () -> "never"))
                .isInstanceOf(RetriableTaskException.class).hasMessageContaining("token quota");
        assertThat(nanos.get() - before).isLessThan(TimeUnit.SECONDS.toNanos(1));
    }
}
