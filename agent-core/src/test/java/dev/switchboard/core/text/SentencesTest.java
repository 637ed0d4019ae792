package dev.switchboard.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SentencesTest {

    /**
     * A mebibyte of one punctuation mark: a split that rescans the run for every mark takes hours;
     * a linear one, milliseconds. The generous limit only stops a hang.
     */
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldSplitAMebibyteOfPunctuationInOnePass() {
        for (String mark : List.of("?", "!", ".", "\"", "?!.)")) {
            // Given a run of one mark (or a mix) of about a mebibyte
            String run = mark.repeat((1 << 20) / mark.length());

            // When it is split, Then the run is one sentence
            assertThat(Sentences.split(run)).containsExactly(run);
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldSplitAHundredThousandOneWordSentences() {
        // Given 100 000 one-word sentences and a long dotted token
        String sentences = "Word. ".repeat(100_000);
        String dotted = "a.".repeat(300_000) + " Next";

        // When split, Then every sentence is found
        assertThat(Sentences.split(sentences)).hasSize(100_000).allMatch("Word."::equals);
        assertThat(Sentences.split(dotted)).hasSize(2);
    }

    @Test
    void shouldEndASentenceAfterARunOfTerminalsAndClosers() {
        // Given runs of terminals and closing quotes, abbreviations and decimals; When split; Then a run ends one sentence
        assertThat(Sentences.split("Wow!!! Great. Really?!) Yes... Sure. He said \"Go.\" Then left."))
                .containsExactly("Wow!!!", "Great.", "Really?!)", "Yes...", "Sure.", "He said \"Go.\"", "Then left.");
        assertThat(Sentences.split("Wait... what? It costs $3.50 now, e.g. for Mr. Smith.\n\nDone"))
                .containsExactly("Wait... what?", "It costs $3.50 now, e.g. for Mr. Smith.", "Done");
        assertThat(Sentences.split("?!")).containsExactly("?!");
        assertThat(Sentences.split("? ? ?")).containsExactly("?", "?", "?");
    }
}
