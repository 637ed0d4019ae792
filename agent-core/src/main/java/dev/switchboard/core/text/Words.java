package dev.switchboard.core.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Word tokens: letters, digits and inner apostrophes or hyphens ({@code don't}, {@code well-made}).
 * A word is what {@code [\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*} matches, found by a scanner that
 * reads each character once: a regular expression with a repeated group recurses once per
 * repetition and overflows the stack on {@code "a-a-a-…"}.
 */
public final class Words {

    private Words() {
    }

    /** The words as written. */
    public static List<String> of(String text) {
        List<String> out = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            int cp = text.codePointAt(i);
            if (!isWordChar(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            int end = skipWordChars(text, i);
            while (end + 1 < n && isJoiner(text.charAt(end)) && isWordChar(text.codePointAt(end + 1))) {
                end = skipWordChars(text, end + 1);
            }
            out.add(text.substring(start, end));
            i = end;
        }
        return out;
    }

    /** The words, lower-cased, with typographic apostrophes made plain. */
    public static List<String> lowerCase(String text) {
        return of(text).stream().map(w -> w.toLowerCase(Locale.ROOT).replace('’', '\'')).toList();
    }

    /** A letter or a number of any script ({@code \p{L}} or {@code \p{N}}). */
    static boolean isWordChar(int codePoint) {
        if (codePoint < 0x80) {
            return codePoint >= 'a' && codePoint <= 'z' || codePoint >= 'A' && codePoint <= 'Z' || codePoint >= '0' && codePoint <= '9';
        }
        if (Character.isLetter(codePoint)) {
            return true;
        }
        int type = Character.getType(codePoint);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
    }

    private static boolean isJoiner(char c) {
        return c == '\'' || c == '’' || c == '-';
    }

    /** The index after the letters and numbers that start at {@code from}. */
    private static int skipWordChars(String text, int from) {
        int i = from;
        int n = text.length();
        while (i < n) {
            int cp = text.codePointAt(i);
            if (!isWordChar(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        return i;
    }
}
