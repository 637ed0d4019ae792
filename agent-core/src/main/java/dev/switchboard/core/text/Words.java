package dev.switchboard.core.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Word tokens: letters, digits and inner apostrophes or hyphens ({@code don't}, {@code well-made}). */
public final class Words {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['’-][\\p{L}\\p{N}]+)*");

    private Words() {
    }

    /** The words as written. */
    public static List<String> of(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** The words, lower-cased, with typographic apostrophes made plain. */
    public static List<String> lowerCase(String text) {
        return of(text).stream().map(w -> w.toLowerCase(Locale.ROOT).replace('’', '\'')).toList();
    }
}
