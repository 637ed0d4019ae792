package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.message.AgentGraph;
import dev.switchboard.contracts.topic.TopicCatalogue;
import java.util.List;
import org.junit.jupiter.api.Test;

class StagesScenarioTest {

    @Test
    void shouldBuildACatalogueWhoseSecondNoOpAgentNeedsTheFirstBesideTheBundledOnes() throws Exception {
        // Given the stages scenario's topics.yaml
        TopicCatalogue catalogue = StagesScenario.catalogue();

        // Then asking for the second agent runs the first before it, a stage later; the bundled agents stay declared
        AgentGraph graph = catalogue.graph();
        assertThat(graph.closure(List.of(StagesScenario.SECOND))).containsExactly(StagesScenario.FIRST, StagesScenario.SECOND);
        assertThat(graph.stage(StagesScenario.FIRST)).isEqualTo(1);
        assertThat(graph.stage(StagesScenario.SECOND)).isEqualTo(2);
        assertThat(catalogue.defaultAgentNames()).contains("sentiment").doesNotContain(StagesScenario.FIRST, StagesScenario.SECOND);
    }
}
