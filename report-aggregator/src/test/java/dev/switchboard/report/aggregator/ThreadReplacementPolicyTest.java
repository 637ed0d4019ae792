package dev.switchboard.report.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testkit.SteppingClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadReplacementPolicyTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-28T12:00:00Z"));
    private final ThreadReplacementPolicy policy = new ThreadReplacementPolicy(3, Duration.ofMinutes(10), clock,
            new AggregatorMetrics(registry));
    private final RuntimeException failure = new IllegalStateException("the same record again");

    @Test
    void shouldShutTheClientDownWhenThreadsKeepDyingWithinTheWindow() {
        // Given three replacements within the window
        for (int i = 0; i < 3; i++) {
            assertThat(policy.handle(failure)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            clock.advance(Duration.ofMinutes(1));
        }

        // When a fourth thread dies within it
        StreamThreadExceptionResponse fourth = policy.handle(failure);

        // Then the client shuts down instead of replacing the thread for ever
        assertThat(fourth).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(registry.get("switchboard.aggregator.stream.threads.replaced").counter().count()).isEqualTo(3);
    }

    @Test
    void shouldReplaceAgainOnceEarlierFailuresLeftTheWindow() {
        // Given three replacements, the first of them more than a window ago
        policy.handle(failure);
        clock.advance(Duration.ofMinutes(6));
        policy.handle(failure);
        policy.handle(failure);
        clock.advance(Duration.ofMinutes(5));

        // When another thread dies
        StreamThreadExceptionResponse next = policy.handle(failure);

        // Then it is replaced: only two replacements remain within the window
        assertThat(next).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    @Test
    void shouldNeverReplaceWhenNoReplacementIsAllowed() {
        ThreadReplacementPolicy none = new ThreadReplacementPolicy(0, Duration.ofMinutes(10), clock, new AggregatorMetrics(registry));

        assertThat(none.handle(failure)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }
}
