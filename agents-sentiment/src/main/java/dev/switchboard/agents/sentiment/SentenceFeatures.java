package dev.switchboard.agents.sentiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the classifier sees of a sentence: its embedding, then three lexicon features, the positive
 * and the negative weight of its clauses and the smaller of the two (both sides present: a hint of
 * {@code mixed}), each squashed to 0..1. The lexicon is linear in the sentence, so they cost nothing
 * next to the embedding.
 */
final class SentenceFeatures {
    static final int LEXICON_FEATURES = 3;
    private final LexiconAnalyzer lexicon;

    SentenceFeatures(LexiconAnalyzer lexicon) {
        this.lexicon = lexicon;
    }

    float[] of(String sentence, float[] embedding) {
        List<Double> units = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        lexicon.clauses(sentence, units, weights);
        double positive = 0;
        double negative = 0;
        for (int i = 0; i < units.size(); i++) {
            double v = units.get(i) * weights.get(i);
            if (v > 0) {
                positive += v;
            } else {
                negative -= v;
            }
        }
        float[] out = Arrays.copyOf(embedding, embedding.length + LEXICON_FEATURES);
        out[embedding.length] = (float) Math.tanh(positive);
        out[embedding.length + 1] = (float) Math.tanh(negative);
        out[embedding.length + 2] = (float) Math.tanh(Math.min(positive, negative));
        return out;
    }
}
