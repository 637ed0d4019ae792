package dev.switchboard.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class WordsTest {
    /** The tokenizer's definition, as a regular expression: the oracle for short inputs only (it recurses per repetition). */
    private static final Pattern DEFINITION = Pattern.compile("[\\p{L}\\p{N}]+(?:['’-][\\p{L}\\p{N}]+)*");
    private static final String[] PIECES = {"a", "Z", "é", "7", "٣", "Ⅻ", "½", "𝐀", "😀", "-", "'", "’", "--", " ", ".", ",",
            "\u0301", "\u0000", "\uD800", "\uDC00", "\n", "_", "e\u0301", "東京", "ß"};

    @Test
    void shouldTokenizeAHyphenChainOfAnyLengthOnTheDefaultStack() {
        // Given the chain the issue reported and one far longer
        String reported = "a-".repeat(3000);
        String longer = "a-".repeat(200_000);

        // When they are tokenized on the test thread, which has the default stack
        List<String> words = Words.of(reported);
        List<String> more = Words.lowerCase(longer);

        // Then each is one word, without its dangling hyphen
        assertThat(words).containsExactly(reported.substring(0, reported.length() - 1));
        assertThat(more).containsExactly(longer.substring(0, longer.length() - 1));
    }

    @Test
    void shouldFindTheSameWordsAsTheDefinitionOnRandomText() {
        // Given random strings of letters, digits, marks, separators, supplementary and unpaired surrogate code units
        SplittableRandom random = new SplittableRandom(12);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            int pieces = random.nextInt(12);
            for (int p = 0; p < pieces; p++) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }

            // When tokenized, Then the words are those the regular expression finds
            assertThat(Words.of(text.toString())).as("%s", text).isEqualTo(definition(text.toString()));
        }
    }

    @Test
    void shouldKeepInnerApostrophesAndHyphensOnly() {
        // Given joiners inside, around and doubled between words; When tokenized; Then only inner single joiners stay
        assertThat(Words.of("-rock'n'roll- a--b 'quoted' x’y 3-4 𝐀𝐁-c")).containsExactly("rock'n'roll", "a", "b", "quoted", "x’y", "3-4", "𝐀𝐁-c");
        assertThat(Words.of("")).isEmpty();
        assertThat(Words.of("?!- '")).isEmpty();
    }

    private static List<String> definition(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = DEFINITION.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
