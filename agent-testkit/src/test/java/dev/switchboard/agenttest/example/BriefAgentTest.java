package dev.switchboard.agenttest.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.agenttest.AgentHarness;
import dev.switchboard.core.NonRetriableTaskException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BriefAgentTest {
    // Given the summary agent's output, as the aggregator attaches it
    private final AgentHarness<Brief> brief = AgentHarness.offline(new BriefAgent())
            .withInput("summary", Map.of("summary", "Acme grew.", "keyPoints", List.of("revenue up")));

    @Test
    void shouldWriteTheSummaryWithTheSentiment() throws Exception {
        // When the sentiment agent answered too, Then the brief has both
        Brief output = brief.withInput("sentiment", Map.of("label", "POSITIVE", "score", 0.8)).run("the document");
        assertThat(output.text()).isEqualTo("Acme grew. (positive)");
    }

    @Test
    void shouldGoOnWithoutAFailedSentiment() throws Exception {
        // When the sentiment agent failed, Then the brief is the summary alone
        Brief output = brief.withFailedInput("sentiment", "RETRIES_EXHAUSTED", "model unavailable").run("the document");
        assertThat(output.text()).isEqualTo("Acme grew.");
    }

    @Test
    void shouldFailWithInputFailedWithoutTheSummary() {
        // When the summary agent failed, Then so does this task, for good (INPUT_FAILED)
        AgentHarness<Brief> noSummary = brief.withFailedInput("summary", "OUTPUT_SCHEMA_VIOLATION", "no summary field");
        assertThatThrownBy(() -> noSummary.run("the document"))
                .isInstanceOfSatisfying(NonRetriableTaskException.class,
                        e -> assertThat(e.errorType()).isEqualTo("INPUT_FAILED"))
                .hasMessageContaining("no summary field");
    }
}
