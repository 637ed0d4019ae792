package dev.switchboard.core.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a long document into pieces that fit a model's context budget, at sentence boundaries
 * where it can (a single over-long sentence is cut hard, but never inside a surrogate pair).
 */
public final class Chunks {
    /** About 3 000 tokens of text: leaves room for instructions and the answer in an 8k context. */
    public static final int DEFAULT_MAX_CHARS = 12_000;

    private Chunks() {
    }

    public static List<String> split(String text, int maxChars) {
        if (maxChars < 100) {
            throw new IllegalArgumentException("maxChars must be at least 100, was " + maxChars);
        }
        List<String> chunks = new ArrayList<>();
        if (text.length() <= maxChars) {
            chunks.add(text);
            return chunks;
        }
        StringBuilder current = new StringBuilder();
        for (String sentence : Sentences.split(text)) {
            int from = 0;
            while (from < sentence.length()) {
                int to = cut(sentence, from, maxChars);
                String piece = sentence.substring(from, to);
                from = to;
                if (current.length() > 0 && current.length() + 1 + piece.length() > maxChars) {
                    chunks.add(current.toString());
                    current.setLength(0);
                }
                if (current.length() > 0) {
                    current.append(' ');
                }
                current.append(piece);
            }
        }
        if (current.length() > 0) {
            chunks.add(current.toString());
        }
        return chunks;
    }

    /** Where a piece of at most {@code maxChars} starting at {@code from} ends: never between the two halves of a surrogate pair. */
    private static int cut(String sentence, int from, int maxChars) {
        int to = Math.min(sentence.length(), from + maxChars);
        if (to < sentence.length() && Character.isHighSurrogate(sentence.charAt(to - 1)) && Character.isLowSurrogate(sentence.charAt(to))) {
            to--;
        }
        return to;
    }
}
