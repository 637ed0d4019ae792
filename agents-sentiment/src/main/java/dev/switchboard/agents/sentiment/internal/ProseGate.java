package dev.switchboard.agents.sentiment.internal;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a sentence reads like English prose, the only text the embedding classifier was trained
 * on: no control characters; three quarters of its other characters Latin letters; at least three distinct real words (3 to 20 letters), which are at
 * least half of its words; a period for at most every second word; a third of them lower-case; a function word among them. Markup, symbol
 * soup, other scripts, glued or repeated tokens, abbreviation runs and title-case lists are left to
 * the lexicon, so hostile input rarely pays for the transformer. One pass over the characters.
 */
public final class ProseGate {
    static final int MIN_REAL_WORDS = 3;
    static final double MIN_LATIN_SHARE = 0.75;
    private static final int MIN_REAL_LETTERS = 3;
    private static final int MAX_REAL_LETTERS = 20;
    private static final Set<String> FUNCTION_WORDS = Set.of("the", "a", "an", "and", "or", "to", "of", "in", "on", "at", "for",
            "with", "from", "by", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "these", "those", "i", "we",
            "you", "he", "she", "they", "my", "our", "your", "their", "me", "us", "them", "have", "has", "had", "will", "would",
            "can", "could", "do", "did", "does", "so", "as", "if", "what", "who", "there", "here");

    private ProseGate() {
    }

    public static boolean isProse(String sentence) {
        Counts c = new Counts();
        StringBuilder word = new StringBuilder();
        int n = sentence.length();
        for (int i = 0; i <= n; ) {
            int cp = i < n ? sentence.codePointAt(i) : ' ';
            i += i < n ? Character.charCount(cp) : 1;
            if (Character.getType(cp) == Character.CONTROL && !Character.isWhitespace(cp)) {
                return false;
            }
            boolean letter = Character.isLetter(cp);
            if (!Character.isWhitespace(cp)) {
                c.nonSpace++;
            }
            if (cp == '.') {
                c.periods++;
            }
            if (letter && Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN) {
                c.latin++;
            }
            if (letter || (cp == '\'' && word.length() > 0)) {
                word.appendCodePoint(cp);
                if (word.length() > MAX_REAL_LETTERS + 1) {
                    word.setLength(MAX_REAL_LETTERS + 1); // longer than any real word: its length no longer matters
                }
            } else if (word.length() > 0) {
                c.word(word.toString());
                word.setLength(0);
            }
        }
        return c.realWords >= MIN_REAL_WORDS && 2 * c.realWords >= c.words && 2 * c.periods <= c.words && 3 * c.lowerCase >= c.realWords
                && c.distinct.size() >= MIN_REAL_WORDS && c.functionWord && c.latin >= MIN_LATIN_SHARE * c.nonSpace;
    }

    private static final class Counts {
        int nonSpace;
        int periods;
        int latin;
        int words;
        int realWords;
        int lowerCase;
        boolean functionWord;
        final Set<String> distinct = new HashSet<>();

        void word(String w) {
            words++;
            String lower = w.toLowerCase(Locale.ROOT);
            functionWord |= FUNCTION_WORDS.contains(lower);
            if (w.length() >= MIN_REAL_LETTERS && w.length() <= MAX_REAL_LETTERS) {
                realWords++;
                lowerCase += Character.isLowerCase(w.codePointAt(0)) ? 1 : 0;
                if (distinct.size() < MIN_REAL_WORDS) {
                    distinct.add(lower);
                }
            }
        }
    }
}
