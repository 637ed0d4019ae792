package dev.switchboard.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void shouldSplitSentencesButNotAtAbbreviationsDecimalsOrInitials() {
        List<String> s = Sentences.split("Dr. Smith paid $3.5 million to Acme Inc. on Monday. Was it worth it? "
                + "J. K. Rowling thinks so! Prices rose 2.5% in the U.S. last year.\n\nNew paragraph here");
        assertThat(s).containsExactly(
                "Dr. Smith paid $3.5 million to Acme Inc. on Monday.",
                "Was it worth it?",
                "J. K. Rowling thinks so!",
                "Prices rose 2.5% in the U.S. last year.",
                "New paragraph here");
    }

    @Test
    void shouldTokenizeWordsWithApostrophesAndHyphens() {
        assertThat(Words.lowerCase("Don’t stop — it's well-made, 100%!")).containsExactly("don't", "stop", "it's", "well-made", "100");
    }

    @Test
    void shouldChunkAtSentenceBoundariesWithinTheBudget() {
        String text = "This is one sentence of moderate length. ".repeat(100);
        List<String> chunks = Chunks.split(text, 400);
        assertThat(chunks).hasSizeGreaterThan(5).allSatisfy(c -> {
            assertThat(c.length()).isLessThanOrEqualTo(400);
            assertThat(c).endsWith(".");
        });
        assertThat(String.join(" ", chunks).replace(" ", "")).isEqualTo(text.replace(" ", ""));
        assertThat(Chunks.split("short", 400)).containsExactly("short");
        assertThat(Chunks.split("x".repeat(1000), 400)).hasSize(3);
    }
}
