package dev.switchboard.agents.entities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.agenttest.AgentHarness;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntitiesAgentTest {
    private final AgentHarness<Entities> agent = AgentHarness.offline(new EntitiesAgent());

    @Test
    void shouldMergeRepeatsAndShortFormsWithMentionCounts() throws Exception {
        Entities e = agent.run("Laura Smith joined Globex Corporation in Paris. Smith said Globex Corporation grew 20% in 2023. "
                + "Later, Laura Smith met Dr. Ahmed Khan.");
        assertThat(e.entities()).contains(
                new Entities.Entity("Laura Smith", Entities.Type.PERSON, 3),
                new Entities.Entity("Globex Corporation", Entities.Type.ORGANIZATION, 2),
                new Entities.Entity("Paris", Entities.Type.LOCATION, 1),
                new Entities.Entity("20%", Entities.Type.PERCENT, 1),
                new Entities.Entity("2023", Entities.Type.DATE, 1),
                new Entities.Entity("Ahmed Khan", Entities.Type.PERSON, 1));
    }

    @Test
    void shouldNotTakeSentenceInitialCommonWordsForNames() throws Exception {
        Entities e = agent.run("Yesterday we shipped. Unfortunately it broke. Nobody knows why.");
        assertThat(e.entities()).isEmpty();
    }

    @Test
    void shouldMergeEntitiesAcrossChunks() {
        java.util.Map<String, Entities.Entity> merged = new java.util.LinkedHashMap<>();
        EntitiesAgent.merge(merged, List.of(new Entities.Entity("Acme", Entities.Type.ORGANIZATION, 2)));
        EntitiesAgent.merge(merged, List.of(new Entities.Entity("ACME", Entities.Type.ORGANIZATION, 1)));
        assertThat(merged.values()).containsExactly(new Entities.Entity("Acme", Entities.Type.ORGANIZATION, 3));
    }
}
