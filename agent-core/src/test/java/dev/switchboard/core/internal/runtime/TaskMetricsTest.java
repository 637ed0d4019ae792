package dev.switchboard.core.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.message.ErrorType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class TaskMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TaskMetrics metrics = new TaskMetrics(registry, "sentiment");

    @Test
    void shouldCountAnAgentsOwnErrorTypesAsOtherSoTheyMakeNoNewSeries() {
        // Given the dead-letter series an agent starts with
        int series = registry.find("switchboard.agent.dead.letters").counters().size();

        // When it dead-letters tasks with a framework error type and with error types of its own
        metrics.deadLettered(ErrorType.AGENT_ERROR.name());
        metrics.deadLettered("UNSUPPORTED_LANGUAGE");
        metrics.deadLettered("user 42 said: " + System.nanoTime());

        // Then the framework type is counted as itself, the agent's own as OTHER, and no series was added
        assertThat(deadLetters(ErrorType.AGENT_ERROR.name()).count()).isEqualTo(1);
        assertThat(deadLetters(TaskMetrics.OTHER_ERROR_TYPE).count()).isEqualTo(2);
        assertThat(registry.find("switchboard.agent.dead.letters").counters()).hasSize(series).hasSize(ErrorType.values().length + 1);
    }

    private Counter deadLetters(String errorType) {
        return registry.get("switchboard.agent.dead.letters").tag("agent", "sentiment").tag("error_type", errorType).counter();
    }
}
