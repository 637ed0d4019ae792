package dev.switchboard.core.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits text into sentences: after a run of . ! ? (with closing quotes and brackets) followed by
 * space and a new sentence, and at blank lines; knows common abbreviations. One pass: every
 * character is read a bounded number of times, so a megabyte of {@code ?} splits as fast as prose.
 */
public final class Sentences {
    private static final Set<String> ABBREVIATIONS = Set.of("mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc",
            "inc", "ltd", "co", "corp", "e.g", "i.e", "u.s", "u.k", "no", "fig", "jan", "feb", "mar", "apr", "jun", "jul",
            "aug", "sep", "sept", "oct", "nov", "dec", "approx", "dept", "est", "gen", "gov", "rep", "sen", "mt", "ave");
    private static final int LONGEST_ABBREVIATION = ABBREVIATIONS.stream().mapToInt(String::length).max().orElse(0);

    private Sentences() {
    }

    /** One span of text with its start offset in the original. */
    public record Sentence(String text, int start) {
    }

    public static List<String> split(String text) {
        return spans(text).stream().map(Sentence::text).toList();
    }

    public static List<Sentence> spans(String text) {
        List<Sentence> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        int start = 0;
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n' && i + 1 < n && text.charAt(i + 1) == '\n') {
                int end = skipClosers(text, i + 1);
                add(out, text, start, end);
                start = end;
                i = end;
            } else if (isTerminal(c)) {
                int runEnd = skipRun(text, i);
                if (endsSentence(text, i, runEnd)) {
                    add(out, text, start, runEnd);
                    start = runEnd;
                }
                i = runEnd;
            } else {
                i++;
            }
        }
        add(out, text, start, n);
        return out;
    }

    /**
     * Whether the run of terminals and closers {@code [from, to)}, which starts with a terminal,
     * ends a sentence: it is followed by the end of the text, or by space and then, after a lone
     * period, by anything but an abbreviation's continuation.
     */
    private static boolean endsSentence(String text, int from, int to) {
        int n = text.length();
        if (to >= n) {
            return true;
        }
        if (!Character.isWhitespace(text.charAt(to))) {
            return false; // 3.5, e.g., example.com
        }
        int periods = 0;
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            if (c == '.') {
                periods++;
            } else if (isTerminal(c)) {
                return true; // ! ? 。
            }
        }
        if (periods == 1 && isAbbreviation(text, from)) {
            return false; // Mr. Smith, J. K. Rowling
        }
        int j = to;
        while (j < n && Character.isWhitespace(text.charAt(j))) {
            j++;
        }
        return j >= n || !Character.isLowerCase(text.charAt(j));
    }

    private static boolean isTerminal(char c) {
        return c == '.' || c == '!' || c == '?' || c == '。';
    }

    private static boolean isCloser(char c) {
        return c == '"' || c == '\'' || c == ')' || c == '”';
    }

    /** The end of the run of terminals and closers that starts at {@code from}. */
    private static int skipRun(String text, int from) {
        int j = from;
        while (j < text.length() && (isTerminal(text.charAt(j)) || isCloser(text.charAt(j)))) {
            j++;
        }
        return j;
    }

    private static int skipClosers(String text, int from) {
        int j = from;
        while (j < text.length() && isCloser(text.charAt(j))) {
            j++;
        }
        return j;
    }

    /**
     * Whether the letters and periods before {@code dot} ({@code U.S} for "U.S.") are a known
     * abbreviation or one letter (an initial). The scan back stops at the space after the previous
     * run that ended in space, so the scans of a text never overlap.
     */
    private static boolean isAbbreviation(String text, int dot) {
        int k = dot - 1;
        while (k >= 0 && (Character.isLetter(text.charAt(k)) || text.charAt(k) == '.')) {
            k--;
        }
        int length = dot - k - 1;
        if (length == 0 || length > LONGEST_ABBREVIATION) {
            return false;
        }
        String word = text.substring(k + 1, dot).toLowerCase(Locale.ROOT);
        return ABBREVIATIONS.contains(word) || (word.length() == 1 && Character.isLetter(word.charAt(0)));
    }

    private static void add(List<Sentence> out, String text, int start, int end) {
        int s = start;
        int e = end;
        while (s < e && Character.isWhitespace(text.charAt(s))) {
            s++;
        }
        while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
            e--;
        }
        if (e > s) {
            out.add(new Sentence(text.substring(s, e), s));
        }
    }
}
