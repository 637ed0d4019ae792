package dev.switchboard.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChunksTest {

    @Test
    void shouldNeverCutASurrogatePairWhenCuttingALongSentenceHard() {
        // Given one long "sentence" of emoji (two chars each) and an odd budget
        String emoji = "a" + "😀".repeat(5_000);

        // When cut into chunks of at most 101 chars
        List<String> chunks = Chunks.split(emoji, 101);

        // Then no chunk starts or ends inside a pair, and nothing is lost
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.length()).isLessThanOrEqualTo(101);
            assertThat(Character.isLowSurrogate(c.charAt(0))).as("starts with a low surrogate").isFalse();
            assertThat(Character.isHighSurrogate(c.charAt(c.length() - 1))).as("ends with a high surrogate").isFalse();
        });
        assertThat(String.join("", chunks).replace(" ", "")).isEqualTo(emoji);
    }
}
