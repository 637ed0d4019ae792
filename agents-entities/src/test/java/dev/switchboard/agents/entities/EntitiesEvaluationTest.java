package dev.switchboard.agents.entities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.agenttest.AgentHarness;
import dev.switchboard.agenttest.EvaluationSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Precision and recall of the offline extractor on the hand-labelled set; figures go to docs/agents.md. */
class EntitiesEvaluationTest {

    @ParameterizedTest
    @ValueSource(strings = {EvaluationSet.DEVELOPMENT, EvaluationSet.HELD_OUT})
    void shouldFindMostPeopleAndOrganisationsWithoutInventingMany(String name) throws Exception {
        EvaluationSet set = EvaluationSet.load(name);
        System.out.println("== " + name);
        AgentHarness<Entities> agent = AgentHarness.offline(new EntitiesAgent());
        Map<String, int[]> byType = new TreeMap<>(); // type -> [true positives, expected, predicted]
        int tp = 0;
        int expectedTotal = 0;
        int predictedTotal = 0;
        for (EvaluationSet.Doc doc : set.documents()) {
            Set<String> expected = new HashSet<>();
            doc.entities().forEach(e -> expected.add(key(e.text(), e.type())));
            Set<String> predicted = new HashSet<>();
            agent.run(doc.text()).entities().forEach(e -> predicted.add(key(e.text(), e.type().name())));
            for (String p : predicted) {
                String type = p.substring(0, p.indexOf('|'));
                byType.computeIfAbsent(type, t -> new int[3])[2]++;
                if (expected.contains(p)) {
                    byType.get(type)[0]++;
                    tp++;
                } else {
                    System.out.println("  extra   " + doc.id() + " " + p);
                }
            }
            for (String e : expected) {
                byType.computeIfAbsent(e.substring(0, e.indexOf('|')), t -> new int[3])[1]++;
                if (!predicted.contains(e)) {
                    System.out.println("  missed  " + doc.id() + " " + e);
                }
            }
            expectedTotal += expected.size();
            predictedTotal += predicted.size();
        }
        double precision = (double) tp / predictedTotal;
        double recall = (double) tp / expectedTotal;
        System.out.printf("entities overall: precision %.3f recall %.3f (%d expected, %d predicted)%n", precision, recall, expectedTotal, predictedTotal);
        byType.forEach((type, c) -> System.out.printf("  %-12s precision %.3f recall %.3f (tp %d, expected %d, predicted %d)%n",
                type, c[2] == 0 ? 0 : (double) c[0] / c[2], c[1] == 0 ? 0 : (double) c[0] / c[1], c[0], c[1], c[2]));
        assertThat(recall(byType, "PERSON")).isGreaterThanOrEqualTo(0.7);
        assertThat(recall(byType, "ORGANIZATION")).isGreaterThanOrEqualTo(0.7);
        assertThat(precision).isGreaterThanOrEqualTo(0.7);
    }

    private static double recall(Map<String, int[]> byType, String type) {
        int[] c = byType.get(type);
        return (double) c[0] / c[1];
    }

    private static String key(String text, String type) {
        return type + "|" + text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}$€£%.,]+", " ").strip();
    }
}
