package dev.switchboard.observability.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ReadinessChecksTest {

    @Test
    void shouldListEveryFailingCheckInOrderAndCountAThrowingCheckAsDown() {
        // Given checks that are up, down, catching up and throwing
        AtomicBoolean workers = new AtomicBoolean(false);
        ReadinessChecks checks = new ReadinessChecks()
                .add("kafka", () -> true)
                .add("view", () -> false, "CATCHING_UP")
                .add("agent-sentiment", workers::get)
                .add("aggregator", () -> {
                    throw new IllegalStateException("no state");
                });

        // When they are evaluated
        ReadinessChecks.Result result = checks.evaluate();

        // Then the result names each failing one, with its status
        assertThat(result.ready()).isFalse();
        assertThat(result.failing()).containsExactly("view", "agent-sentiment", "aggregator");
        assertThat(result.checks()).containsEntry("kafka", "UP").containsEntry("view", "CATCHING_UP")
                .containsEntry("agent-sentiment", "DOWN").containsEntry("aggregator", "DOWN");
    }

    @Test
    void shouldRefuseTwoChecksOfTheSameName() {
        ReadinessChecks checks = new ReadinessChecks().add("aggregator", () -> true);
        assertThatThrownBy(() -> checks.add("aggregator", () -> false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aggregator");
    }
}
