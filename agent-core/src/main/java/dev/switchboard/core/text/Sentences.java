package dev.switchboard.core.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Splits text into sentences: at . ! ? followed by space and a new sentence, and at blank lines; knows common abbreviations. */
public final class Sentences {
    private static final Set<String> ABBREVIATIONS = Set.of("mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc",
            "inc", "ltd", "co", "corp", "e.g", "i.e", "u.s", "u.k", "no", "fig", "jan", "feb", "mar", "apr", "jun", "jul",
            "aug", "sep", "sept", "oct", "nov", "dec", "approx", "dept", "est", "gen", "gov", "rep", "sen", "mt", "ave");

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
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean paragraph = c == '\n' && i + 1 < n && text.charAt(i + 1) == '\n';
            boolean terminal = (c == '.' || c == '!' || c == '?' || c == '。') && endsSentence(text, i);
            if (paragraph || terminal) {
                int end = i + 1;
                while (end < n && (text.charAt(end) == '"' || text.charAt(end) == '\'' || text.charAt(end) == ')' || text.charAt(end) == '”')) {
                    end++;
                }
                add(out, text, start, end);
                start = end;
                i = end - 1;
            }
        }
        add(out, text, start, n);
        return out;
    }

    private static boolean endsSentence(String text, int i) {
        int n = text.length();
        int j = i + 1;
        while (j < n && (text.charAt(j) == '"' || text.charAt(j) == '\'' || text.charAt(j) == ')' || text.charAt(j) == '”'
                || text.charAt(j) == '!' || text.charAt(j) == '?' || text.charAt(j) == '.')) {
            j++;
        }
        if (j >= n) {
            return true;
        }
        if (!Character.isWhitespace(text.charAt(j))) {
            return false; // 3.5, e.g., example.com
        }
        if (text.charAt(i) != '.') {
            return true;
        }
        String word = wordBefore(text, i).toLowerCase(Locale.ROOT);
        if (ABBREVIATIONS.contains(word) || (word.length() == 1 && Character.isLetter(word.charAt(0)))) {
            return false; // Mr. Smith, J. K. Rowling
        }
        while (j < n && Character.isWhitespace(text.charAt(j))) {
            j++;
        }
        return j >= n || !Character.isLowerCase(text.charAt(j));
    }

    private static String wordBefore(String text, int dot) {
        int k = dot - 1;
        while (k >= 0 && (Character.isLetter(text.charAt(k)) || text.charAt(k) == '.')) {
            k--;
        }
        return text.substring(k + 1, dot);
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
