package dev.switchboard.agents.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.agenttest.AgentHarness;
import dev.switchboard.agenttest.EvaluationSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Accuracy of the offline analyzer on the hand-labelled set; figures go to docs/agents.md. */
class SentimentEvaluationTest {

    @Test
    void shouldLabelAtLeastFourInFiveDocumentsCorrectly() throws Exception {
        EvaluationSet set = EvaluationSet.load();
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
        assertThat(accuracy).as("misses: %s", misses).isGreaterThanOrEqualTo(0.8);
    }
}
