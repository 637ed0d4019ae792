package dev.switchboard.agents.synthesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.agenttest.AgentHarness;
import dev.switchboard.contracts.message.ErrorType;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.message.SynthesisTemplate;
import dev.switchboard.core.NonRetriableTaskException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The synthesis agent offline: the aggregator's headline template, from the inputs the harness gives it. */
class SynthesisAgentTest {
    private static final String DOCUMENT = "Acme Corp opened a plant in Berlin. Workers welcomed the jobs.";
    private final AgentHarness<Synthesis> offline = AgentHarness.offline(new SynthesisAgent());

    @Test
    void shouldWriteTheHeadlineTemplateOfTheThreeOutputsInNeedsOrder() throws Exception {
        // Given the three outputs with their headlines
        AgentHarness<Synthesis> agent = offline
                .withInput("sentiment", Map.of("label", "positive", "score", 0.8), "Overall sentiment: positive (0.80).")
                .withInput("entities", Map.of("entities", List.of()), "Key entities: Acme Corp (ORG), Berlin (LOC).")
                .withInput("summary", Map.of("summary", "Acme opened a plant.", "keyPoints", List.of()),
                        "Summary: Acme opened a plant.");

        // When it runs without a model
        Synthesis synthesis = agent.run(DOCUMENT);

        // Then its text is the template the aggregator writes, sentence by sentence in needs order
        assertThat(synthesis.text()).isEqualTo("Overall sentiment: positive (0.80). Key entities: Acme Corp (ORG), "
                + "Berlin (LOC). Summary: Acme opened a plant.")
                .isEqualTo(new SynthesisTemplate().answered("sentiment", Optional.of("Overall sentiment: positive (0.80)."))
                        .answered("entities", Optional.of("Key entities: Acme Corp (ORG), Berlin (LOC)."))
                        .answered("summary", Optional.of("Summary: Acme opened a plant.")).text());
    }

    @Test
    void shouldNameAFailedInputAndStillSynthesiseTheOthers() throws Exception {
        // Given entities failed and summary answered without a headline
        AgentHarness<Synthesis> agent = offline
                .withInput("sentiment", Map.of("label", "negative"), "Overall sentiment: negative (0.70).")
                .withFailedInput("entities", ErrorType.DEADLINE_EXCEEDED, "took too long")
                .withInput("summary", Map.of("summary", "s", "keyPoints", List.of()));

        // When it runs, Then it answers, naming the failure
        assertThat(agent.run(DOCUMENT).text())
                .isEqualTo("Overall sentiment: negative (0.70). Also answered: summary. Failed: entities (DEADLINE_EXCEEDED).");
    }

    @Test
    void shouldFailWithInputFailedOnlyWhenEveryInputFailed() {
        // Given every input failed
        AgentHarness<Synthesis> agent = offline
                .withFailedInput("sentiment", ErrorType.OUTPUT_SCHEMA_VIOLATION, "no label")
                .withFailedInput("entities", ErrorType.DEADLINE_EXCEEDED, "slow")
                .withFailedInput("summary", ErrorType.BUDGET_EXCEEDED, "spent");

        // When it runs, Then it fails for good, naming each failure
        assertThatThrownBy(() -> agent.run(DOCUMENT)).isInstanceOfSatisfying(NonRetriableTaskException.class, e ->
                assertThat(e.errorType()).isEqualTo(ErrorType.INPUT_FAILED.name()))
                .hasMessageContaining("sentiment (OUTPUT_SCHEMA_VIOLATION)").hasMessageContaining("summary (BUDGET_EXCEEDED)");
    }

    @Test
    void shouldFailWithInputFailedWithoutInputs() {
        assertThatThrownBy(() -> offline.run(DOCUMENT)).isInstanceOfSatisfying(NonRetriableTaskException.class, e ->
                assertThat(e.errorType()).isEqualTo(ErrorType.INPUT_FAILED.name())).hasMessageContaining("needs:");
    }

    @Test
    void shouldKeepTheTemplateOfManyLongHeadlinesWithinTheOutputBound() throws Exception {
        // Given six inputs with headlines of 4 000 characters (the longest a result keeps)
        AgentHarness<Synthesis> agent = offline;
        for (int i = 0; i < 6; i++) {
            agent = agent.withInput("agent-" + i, Map.of(), ("Sentence " + i + " of many words. ").repeat(160).strip());
        }

        // When it runs, Then the text is valid: cut to the bound at a sentence boundary
        Synthesis synthesis = agent.run(DOCUMENT);
        synthesis.validate();
        assertThat(synthesis.text()).hasSizeBetween(Synthesis.MAX_CHARS - 200, Synthesis.MAX_CHARS).endsWith("words.");
    }

    @Test
    void shouldWriteItsTextWhereTheAggregatorReadsIt() {
        assertThat(new SynthesisAgent().name()).isEqualTo(Report.SYNTHESIS_AGENT);
        assertThat(Json.toTree(new Synthesis("Upbeat.")).get(Report.SYNTHESIS_TEXT_FIELD).asText()).isEqualTo("Upbeat.");
        assertThat(offline.headline(new Synthesis("Upbeat."))).isEmpty();
    }

    @Test
    void shouldRefuseAnEmptyOrOverlongText() {
        assertThatThrownBy(() -> new Synthesis(" ").validate()).hasMessageContaining("empty");
        assertThatThrownBy(() -> new Synthesis("x".repeat(Synthesis.MAX_CHARS + 1)).validate()).hasMessageContaining("at most");
    }
}
