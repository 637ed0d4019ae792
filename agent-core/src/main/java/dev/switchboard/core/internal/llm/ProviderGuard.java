package dev.switchboard.core.internal.llm;

import dev.switchboard.core.NonRetriableTaskException;
import dev.switchboard.core.RetriableTaskException;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.core.runtime.FailureClassifier;
import dev.switchboard.contracts.message.ErrorType;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that stands between an agent and one provider, shared by all agents of the process:
 * resilience4j retry (exponential backoff with jitter, transient errors only) around a circuit
 * breaker around one attempt; each attempt reserves its estimated tokens in the token window (settled
 * with the answer's usage after it), then the transport
 * admits it ({@link Admission}: Retry-After gate and sliding-window limiter) right before sending.
 * No quota within the bound ({@link QuotaWaitException}) is neither a provider failure for the breaker nor
 * retried here: it fails the attempt for the task's retry tier. A task's view ({@link #until}) waits for quota
 * no longer than the task's deadline.
 */
final class ProviderGuard {
    private static final Logger log = LoggerFactory.getLogger(ProviderGuard.class);

    /** {@code null}: no token budget. */
    private final TokenWindow tokens;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final LlmMetrics metrics;
    private final Duration tokenWait;
    /** The task's deadline; {@code null}: none. */
    private final Instant deadline;

    ProviderGuard(LlmConfig config, LlmMetrics metrics) {
        this(config, metrics, config.tokensPerMinute() > 0 ? TokenWindow.perMinute(config.tokensPerMinute()) : null);
    }

    /** @param tokens the account's token window (this process's share of it), {@code null} for no budget */
    ProviderGuard(LlmConfig config, LlmMetrics metrics, TokenWindow tokens) {
        this(config, metrics, tokens, TokenWindow.MAX_WAIT);
    }

    /** @param tokenWait the most an attempt waits for its tokens */
    ProviderGuard(LlmConfig config, LlmMetrics metrics, TokenWindow tokens, Duration tokenWait) {
        String name = "llm-" + config.provider().id();
        this.metrics = metrics;
        this.tokens = tokens;
        this.tokenWait = tokenWait;
        this.deadline = null;
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(config.failureRateThreshold())
                .slidingWindowSize(config.breakerWindow())
                .minimumNumberOfCalls(Math.min(config.breakerWindow(), 10))
                .waitDurationInOpenState(config.breakerOpenDuration())
                .permittedNumberOfCallsInHalfOpenState(2)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordException(e -> !QuotaWaitException.isQuotaWait(e) && FailureClassifier.isRetriable(e))
                .ignoreException(QuotaWaitException::isQuotaWait)
                .build());
        RetryRegistry retries = RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(config.maxAttempts())
                .retryOnException(e -> !(e instanceof CallNotPermittedException) && !QuotaWaitException.isQuotaWait(e)
                        && FailureClassifier.isRetriable(e))
                .intervalBiFunction(backoff(config.initialBackoff(), config.maxBackoff()))
                .failAfterMaxAttempts(false)
                .build());
        this.breaker = breakers.circuitBreaker(name);
        this.retry = retries.retry(name);
        this.breaker.getEventPublisher().onStateTransition(e ->
                log.warn("LLM circuit breaker {}: {}", name, e.getStateTransition()));
        metrics.bindGuard(breakers, retries);
    }

    private ProviderGuard(ProviderGuard shared, Instant deadline) {
        this.tokens = shared.tokens;
        this.breaker = shared.breaker;
        this.retry = shared.retry;
        this.metrics = shared.metrics;
        this.tokenWait = shared.tokenWait;
        this.deadline = deadline;
    }

    /** This guard for one task: the same breaker, retry and quota, waiting for quota no longer than {@code deadline}. */
    ProviderGuard until(Instant deadline) {
        return deadline == null ? this : new ProviderGuard(this, deadline);
    }

    CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    /** Runs one model call under every guard; maps what escapes to the task exception branches. */
    <T> T call(int estimatedTokens, Supplier<T> send) {
        return call(estimatedTokens, send, answer -> 0);
    }

    /**
     * As {@link #call(int, Supplier)}, and the tokens reserved for an attempt are settled with
     * {@code actualTokens} of its answer (0: keep the estimate).
     */
    <T> T call(int estimatedTokens, Supplier<T> send, ToLongFunction<T> actualTokens) {
        Supplier<T> attempt = CircuitBreaker.decorateSupplier(breaker, () -> admitted(estimatedTokens, send, actualTokens));
        try {
            return Retry.decorateSupplier(retry, attempt).get();
        } catch (CallNotPermittedException e) {
            throw new RetriableTaskException("LLM circuit breaker is open; the model failed too often recently", e);
        } catch (RuntimeException e) {
            QuotaWaitException quotaWait = QuotaWaitException.in(e);
            if (quotaWait != null) {
                throw new RetriableTaskException(quotaWait.getMessage(), e);
            }
            if (e instanceof RetriableTaskException || e instanceof NonRetriableTaskException) {
                throw e;
            }
            if (FailureClassifier.isRetriable(e)) {
                throw new RetriableTaskException("LLM call failed after " + retry.getRetryConfig().getMaxAttempts()
                        + " attempts: " + e.getMessage(), e);
            }
            throw new NonRetriableTaskException(ErrorType.LLM_REQUEST_REJECTED, "The model provider refused the request: " + e.getMessage(), e);
        }
    }

    private <T> T admitted(int estimatedTokens, Supplier<T> send, ToLongFunction<T> actualTokens) {
        CallAttempt attempt = CallAttempt.begin(deadline == null ? null : Duration.between(Instant.now(), deadline));
        try {
            if (tokens == null) {
                return send.get();
            }
            TokenWindow.Reservation reserved = reserve(estimatedTokens, attempt.boundOf(tokenWait));
            T answer;
            try {
                answer = send.get();
            } catch (RuntimeException e) {
                if (!attempt.left()) {
                    tokens.release(reserved); // the request never left: the provider counted nothing
                }
                throw e;
            }
            tokens.settle(reserved, actualTokens.applyAsLong(answer));
            return answer;
        } finally {
            attempt.end();
        }
    }

    private TokenWindow.Reservation reserve(int estimatedTokens, Duration bound) {
        long start = System.nanoTime();
        TokenWindow.Reservation reserved;
        try {
            reserved = tokens.reserve(estimatedTokens, bound);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableTaskException("Interrupted while waiting for the LLM token budget", e);
        }
        if (reserved == null) {
            throw new QuotaWaitException("No LLM tokens came within " + bound.toMillis() + " ms: this process's share of the"
                    + " account's token quota (SWITCHBOARD_LLM_TOKENS_PER_MINUTE, decision 0022) is spent");
        }
        metrics.recordWait(Duration.ofNanos(System.nanoTime() - start));
        return reserved;
    }

    /** The tokens a chat answer says it used (input plus output), 0 when it does not say. */
    static long tokensOf(dev.langchain4j.model.chat.response.ChatResponse response) {
        dev.langchain4j.model.output.TokenUsage usage = response == null ? null : response.tokenUsage();
        return usage == null || usage.totalTokenCount() == null ? 0 : usage.totalTokenCount();
    }

    private static IntervalBiFunction<Object> backoff(Duration initial, Duration max) {
        return (attempt, outcome) -> {
            long base = initial.toMillis() * (1L << Math.min(20, attempt - 1));
            long capped = Math.min(base, max.toMillis());
            return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        };
    }
}
