package dev.switchboard.agents.summarizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TextRankSummarizerTest {
    private static final long MIB = 1 << 20;
    private final TextRankSummarizer summarizer = new TextRankSummarizer();

    @Test
    void shouldSummariseSixThousandSentencesOfOneChunkInLittleMemory() {
        // Given one chunk of 6 000 sentences (an n-by-n similarity matrix would be 275 MiB)
        String chunk = "? ".repeat(6_000);
        summarizer.summarize("Warm up. The classes load here.");

        // When summarised
        long before = allocatedBytes();
        Summary summary = summarizer.summarize(chunk);
        long allocated = allocatedBytes() - before;

        // Then the summary is valid and the work allocated a small multiple of the text, not of its square
        summary.validate();
        assertThat(summary.summary().length()).isLessThan(chunk.length());
        assertThat(allocated).as("bytes allocated").isLessThan(32 * MIB);
    }

    /** A graph of all 20 000 sentences would take 3 GiB and hours; the generous limit only stops a hang. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldRankOnlyACappedNumberOfCandidatesPerCall() {
        // Given far more sentences than candidates, each with its own words
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append("Sentence number ").append(Integer.toString(i, 36)).append("x about topic").append(i % 97).append(". ");
        }

        // When summarised
        long before = allocatedBytes();
        Summary summary = summarizer.summarize(text.toString());
        long allocated = allocatedBytes() - before;

        // Then the summary keeps the usual number of sentences and memory stays linear
        summary.validate();
        assertThat(summary.summary().split("(?<=\\.) ")).hasSize(TextRankSummarizer.MAX_SENTENCES);
        assertThat(allocated).as("bytes allocated").isLessThan(256 * MIB);
    }

    @Test
    void shouldShortenWithoutCuttingASurrogatePair() {
        // Given a key point of 200 emoji (two chars each) and an odd cut
        String emoji = "😀".repeat(200);

        // When shortened, Then it ends in whole emoji and an ellipsis
        String shortened = TextRankSummarizer.shorten(emoji, TextRankSummarizer.KEY_POINT_CHARS);

        assertThat(shortened).endsWith("…");
        assertThat(Character.isHighSurrogate(shortened.charAt(shortened.length() - 2))).isFalse();
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
