package dev.switchboard.core.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.RateLimitException;
import dev.switchboard.contracts.message.ErrorType;
import dev.switchboard.core.NonRetriableTaskException;
import dev.switchboard.core.RetriableTaskException;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.core.runtime.FailureClassifier;
import dev.switchboard.core.runtime.FailureRoute;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The gateway's retry and the worker's route use one definition of "retriable": {@link FailureClassifier#DEFAULT}. */
class OneFailureClassifierTest {

    static Stream<RuntimeException> failures() {
        return Stream.of(
                new RateLimitException("slow down"),
                new HttpException(503, "unavailable"),
                new HttpException(429, "too many"),
                new HttpException(400, "bad request"),
                new InvalidRequestException("no such field"),
                new AuthenticationException("bad key"),
                new UncheckedIOException(new IOException("reset")),
                new RetriableTaskException("try later"),
                new NonRetriableTaskException(ErrorType.LLM_REQUEST_REJECTED, "refused", new IOException("wrapped")),
                new IllegalStateException("bug"));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void shouldRetryInTheGatewayExactlyWhatTheWorkerRoutesToRetry(RuntimeException failure) {
        // Given a gateway guard that tries three times, and a model call that always fails with this error
        ProviderGuard guard = new ProviderGuard(LlmConfig.custom().maxAttempts(3).backoff(Duration.ZERO, Duration.ZERO)
                .circuitBreaker(100f, 100, Duration.ofSeconds(1)).build(), new LlmMetrics(new SimpleMeterRegistry(), "test"));
        AtomicInteger attempts = new AtomicInteger();

        // When the agent's call goes through the guard
        Throwable escaped = catchThrowable(() -> guard.call(1, () -> {
            attempts.incrementAndGet();
            throw failure;
        }));

        // Then the gateway retried it iff the worker's classifier calls it retriable, and the task exception it turns
        // into is routed the same way
        FailureRoute route = FailureClassifier.DEFAULT.classify(failure);
        assertThat(attempts.get()).isEqualTo(route == FailureRoute.RETRY ? 3 : 1);
        assertThat(FailureClassifier.DEFAULT.classify(escaped)).isEqualTo(route);
    }
}
