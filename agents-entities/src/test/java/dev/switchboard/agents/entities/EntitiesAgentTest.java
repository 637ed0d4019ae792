package dev.switchboard.agents.entities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.agenttest.AgentHarness;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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

    @Test
    void shouldKeepOnlyTheMostMentionedEntitiesOfAHugeList() throws Exception {
        // Given a 250 KB list of about 20 000 distinct names, one per line, two of them repeated
        StringBuilder list = new StringBuilder();
        int repeats = 0;
        for (int i = 0; list.length() < 250_000; i++) {
            list.append("Alice ").append(surname(i)).append('\n');
            if (i % 1000 == 0) {
                list.append("Maria Keller\nJohn Porter\nJohn Porter\n");
                repeats++;
            }
        }

        // When its entities are extracted
        Entities e = agent.run(list.toString());

        // Then the output is capped, and the most mentioned names are in it (a name cut at a chunk boundary may lose one mention)
        e.validate();
        assertThat(e.entities()).hasSize(Entities.MAX_ENTITIES);
        assertThat(mentions(e, "John Porter")).isBetween(2 * repeats - 1, 2 * repeats);
        assertThat(mentions(e, "Maria Keller")).isBetween(repeats - 1, repeats);
    }

    @Test
    void shouldKeepTheCappedEntitiesInTheirOrderOfAppearance() {
        // Given four entities, two of them mentioned most
        List<Entities.Entity> all = List.of(new Entities.Entity("A1", Entities.Type.MISC, 1), new Entities.Entity("B2", Entities.Type.MISC, 5),
                new Entities.Entity("C3", Entities.Type.MISC, 2), new Entities.Entity("D4", Entities.Type.MISC, 5));

        // When capped at three, Then the most mentioned stay (the first among equals), in their order; under the cap nothing changes
        assertThat(Entities.mostMentioned(all, 3)).extracting(Entities.Entity::text).containsExactly("B2", "C3", "D4");
        assertThat(Entities.mostMentioned(all, 10)).isEqualTo(all);
    }

    /** Hostile shapes that made the extractor quadratic; the generous limit only stops a hang. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldExtractFromAMebibyteOfHostileShapesInOnePass() throws Exception {
        for (String unit : List.of("1,", "The ", "a" + "-".repeat(11_999), "Smith. ", "Aa Bb, ")) {
            // Given a mebibyte of one repeated shape
            String text = unit.repeat((1 << 20) / unit.length());

            // When its entities are extracted, Then the answer is valid
            Entities e = agent.run(text);
            e.validate();
            assertThat(e.entities().size()).as(unit).isLessThanOrEqualTo(Entities.MAX_ENTITIES);
        }
    }

    private static int mentions(Entities e, String person) {
        return e.entities().stream().filter(x -> x.text().equals(person) && x.type() == Entities.Type.PERSON)
                .mapToInt(Entities.Entity::mentions).findFirst().orElse(0);
    }

    /** A distinct made-up surname for each number: Kabab, Kebab, ... */
    private static String surname(int i) {
        StringBuilder s = new StringBuilder("K");
        for (int n = i; n > 0 || s.length() < 4; n /= 20) {
            s.append("aeiou".charAt(n % 20 % 5)).append("bdgk".charAt(n % 20 / 5));
        }
        return s.toString();
    }

    @Test
    void shouldNameTheFiveMostMentionedEntitiesInTheReportsSynthesis() {
        // Given six entities, two of them tied on mentions
        Entities found = new Entities(java.util.List.of(new Entities.Entity("Zeta", Entities.Type.MISC, 1),
                new Entities.Entity("Berlin", Entities.Type.LOCATION, 3), new Entities.Entity("Acme Corp", Entities.Type.ORGANIZATION, 3),
                new Entities.Entity("Ada", Entities.Type.PERSON, 2), new Entities.Entity("May 2024", Entities.Type.DATE, 1),
                new Entities.Entity("5%", Entities.Type.PERCENT, 1)));

        // Then the headline names five, by mentions then text, with their types in lower case
        assertThat(new EntitiesAgent().headline(found)).contains(
                "Key entities: Acme Corp (organization), Berlin (location), Ada (person), 5% (percent), May 2024 (date).");
        assertThat(new EntitiesAgent().headline(new Entities(java.util.List.of()))).contains("No named entities found.");
    }
}
