package dev.switchboard.agents.sentiment.internal;

import dev.switchboard.core.text.Sentences;
import java.util.ArrayList;
import java.util.List;

/**
 * The prose sentences of a text, at most {@code max} of them spread evenly over it, each cut to
 * {@code maxChars}: bounded work for the embedding model whatever the text's size or shape.
 */
public final class SentenceSample {
    private SentenceSample() {
    }

    public static List<String> of(String text, int max, int maxChars) {
        List<String> prose = new ArrayList<>();
        for (String sentence : Sentences.split(text)) {
            String s = sentence.strip();
            if (s.length() > maxChars) {
                int cut = Character.isHighSurrogate(s.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
                s = s.substring(0, cut);
            }
            if (ProseGate.isProse(s)) {
                prose.add(s);
            }
        }
        if (prose.size() <= max) {
            return prose;
        }
        List<String> sample = new ArrayList<>(max);
        for (int i = 0; i < max; i++) {
            sample.add(prose.get((int) ((long) i * prose.size() / max)));
        }
        return sample;
    }
}
