package dev.switchboard.agents.summarizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.agenttest.AgentHarness;
import dev.switchboard.agenttest.EvaluationSet;
import dev.switchboard.core.text.Sentences;
import org.junit.jupiter.api.Test;

class SummaryAgentTest {
    private final AgentHarness<Summary> agent = AgentHarness.offline(new SummaryAgent());

    private static final String ARTICLE = "The city of Lisbon will open twelve new electric bus lines next year. "
            + "The buses will replace diesel vehicles on the busiest routes in the city centre. "
            + "Officials expect the electric buses to cut emissions from public transport by a third. "
            + "The project costs 90 million euros, most of it paid by a European climate fund. "
            + "Drivers will be trained over the winter. "
            + "Residents welcomed the quieter buses in a pilot last spring. "
            + "Some shop owners worry about roadworks during the installation of charging stations. "
            + "The council said the electric bus lines would be running by September.";

    @Test
    void shouldPickAboutAQuarterOfTheSentencesInDocumentOrder() throws Exception {
        Summary s = agent.run(ARTICLE);

        assertThat(Sentences.split(s.summary())).hasSize(2);
        assertThat(s.summary().length()).isLessThan(ARTICLE.length() / 2);
        assertThat(s.summary()).contains("electric bus");
        assertThat(s.keyPoints()).hasSize(3).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(TextRankSummarizer.KEY_POINT_CHARS));
        int first = ARTICLE.indexOf(Sentences.split(s.summary()).get(0));
        int second = ARTICLE.indexOf(Sentences.split(s.summary()).get(1));
        assertThat(first).isLessThan(second);
    }

    @Test
    void shouldMapAndReduceALongDocument() throws Exception {
        String longText = (ARTICLE + " ").repeat(60);
        Summary s = agent.run(longText);
        assertThat(s.summary().length()).isLessThan(longText.length() / 4);
        assertThat(s.keyPoints()).isNotEmpty();
    }

    @Test
    void shouldSummariseEveryEvaluationDocumentShorterThanItself() throws Exception {
        for (EvaluationSet.Doc doc : EvaluationSet.load(EvaluationSet.DEVELOPMENT).documents()) {
            Summary s = agent.run(doc.text());
            s.validate();
            assertThat(s.summary().length()).as(doc.id()).isLessThanOrEqualTo(doc.text().length());
        }
    }

    @Test
    void shouldSummariseAHyphenChainWithoutOverflowingTheStack() throws Exception {
        // Given the document of the issue: "a-" 3 000 times, one word that a recursive regex overflows on
        String chain = "a-".repeat(3_000);

        // When summarised, Then the summary is valid and shorter than the text
        Summary s = agent.run(chain);
        s.validate();
        assertThat(s.summary().length()).isLessThan(chain.length());
    }

    @Test
    void shouldGiveTheReportsSynthesisTheSummary() {
        assertThat(new SummaryAgent().headline(new Summary(" Kafka scales. ", java.util.List.of()))).contains("Summary: Kafka scales.");
        assertThat(new SummaryAgent().headline(new Summary(" ", java.util.List.of()))).isEmpty();
    }
}
