package dev.switchboard.agents.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.agenttest.AgentHarness;
import dev.switchboard.agenttest.EvaluationSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Accuracy of the offline analyzer on the hand-labelled set; figures go to docs/agents.md. */
class SentimentEvaluationTest {

    @ParameterizedTest
    @ValueSource(strings = {EvaluationSet.DEVELOPMENT, EvaluationSet.HELD_OUT})
    void shouldLabelTheEvaluationDocuments(String name) throws Exception {
        EvaluationSet set = EvaluationSet.load(name);
        System.out.println("== " + name);
        AgentHarness<Sentiment> agent = AgentHarness.offline(new SentimentAgent());
        int correct = 0;
        List<String> misses = new ArrayList<>();
        for (EvaluationSet.Doc doc : set.documents()) {
            Sentiment s = agent.run(doc.text());
            if (s.label().json().equals(doc.sentiment())) {
                correct++;
            } else {
                misses.add(doc.id() + ": expected " + doc.sentiment() + ", got " + s.label().json() + " (" + s.score() + ")");
            }
        }
        double accuracy = (double) correct / set.documents().size();
        System.out.printf("sentiment accuracy: %d/%d = %.3f%n", correct, set.documents().size(), accuracy);
        misses.forEach(m -> System.out.println("  miss " + m));
        // The aim is 0.8. The held-out set is below it (see docs/agents.md): its floor guards against regressions.
        double floor = name.equals(EvaluationSet.HELD_OUT) ? 0.5 : 0.8;
        assertThat(accuracy).as("misses: %s", misses).isGreaterThanOrEqualTo(floor);
    }
}
