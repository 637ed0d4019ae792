package dev.switchboard.agents.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.agenttest.AgentHarness;
import org.junit.jupiter.api.Test;

class SentimentAgentTest {
    private final AgentHarness<Sentiment> agent = AgentHarness.offline(new SentimentAgent());

    @Test
    void shouldHandleNegationIntensifiersAndContrast() {
        // the lexicon: since issue 17 the fallback for text without prose sentences (EmbeddingAnalyzer) and a feature source
        LexiconAnalyzer lexicon = new LexiconAnalyzer();
        assertThat(lexicon.analyze("The food was good.").label()).isEqualTo(Sentiment.Label.POSITIVE);
        assertThat(lexicon.analyze("The food was not good.").label()).isEqualTo(Sentiment.Label.NEGATIVE);
        assertThat(lexicon.analyze("The food was very good.").score()).isGreaterThan(lexicon.analyze("The food was good.").score());
        assertThat(lexicon.analyze("The food was slightly good.").score()).isLessThan(lexicon.analyze("The food was good.").score());
        assertThat(lexicon.analyze("The room was nice but the service was terrible.").score()).isNegative();
        assertThat(lexicon.analyze("The meeting is at 10am in room 4.").label()).isEqualTo(Sentiment.Label.NEUTRAL);
        assertThat(lexicon.analyze("The screen is excellent. The battery is terrible.").label()).isEqualTo(Sentiment.Label.MIXED);
    }

    @Test
    void shouldWeighChunksOfALongDocumentByLength() {
        Sentiment combined = SentimentAgent.combine(java.util.List.of("a".repeat(300), "b".repeat(100)), java.util.List.of(
                new Sentiment(Sentiment.Label.POSITIVE, 0.8, 0.9), new Sentiment(Sentiment.Label.NEUTRAL, 0.0, 0.5)));
        assertThat(combined.label()).isEqualTo(Sentiment.Label.POSITIVE);
        assertThat(combined.score()).isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(combined.confidence()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void shouldJudgeAHyphenChainWithoutOverflowingTheStack() throws Exception {
        // Given the document of the issue: "a-" 3 000 times
        // When judged, Then it is neutral, not a StackOverflowError
        Sentiment s = agent.run("a-".repeat(3_000));
        s.validate();
        assertThat(s.label()).isEqualTo(Sentiment.Label.NEUTRAL);
    }

    @Test
    void shouldHalveEveryClauseBeforeEachContrast() {
        // Given one sentence of three opinion clauses separated by two contrasts
        java.util.List<Double> units = new java.util.ArrayList<>();
        java.util.List<Double> weights = new java.util.ArrayList<>();

        // When scored
        new LexiconAnalyzer().clauses("The food was great but the room was awful but the view was lovely.", units, weights);

        // Then the first clause is halved twice, the second once, and the last weighs 1.5
        assertThat(weights).containsExactly(0.25, 0.75, 1.5);
    }

    @Test
    void shouldGiveTheReportsSynthesisItsSentimentSentence() {
        assertThat(new SentimentAgent().headline(new Sentiment(Sentiment.Label.POSITIVE, 0.8, 0.9)))
                .contains("Overall sentiment: positive (score 0.80, confidence 0.90).");
    }
}
