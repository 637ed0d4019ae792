package dev.switchboard.agents.sentiment.internal;

import dev.switchboard.agents.sentiment.Sentiment;
import dev.switchboard.agents.sentiment.Sentiment.Label;
import java.util.List;

/**
 * Turns the label probabilities of a document's sentences into its {@link Sentiment}: the
 * length-weighted mean of the probabilities picks the label, unless clearly positive and clearly
 * negative sentences of comparable weight are both present, which makes it {@code mixed}. The
 * score is P(positive) - P(negative) of the mean; the confidence is the winning label's mean probability.
 */
public final class DocumentVerdict {
    /** A sentence whose top label has at least this probability is a clear verdict. */
    static final double CLEAR = 0.5;
    /** Clear positive and clear negative sentences make the document mixed when the smaller side weighs at least this share. */
    static final double MIXED_BALANCE = 0.25;

    private DocumentVerdict() {
    }

    /** @param sentences each sentence's text (its length is its weight); @param probabilities in {@link Label} order */
    public static Sentiment of(List<String> sentences, List<double[]> probabilities) {
        int labels = Label.values().length;
        double[] mean = new double[labels];
        double total = 0;
        double clearPositive = 0;
        double clearNegative = 0;
        for (int i = 0; i < sentences.size(); i++) {
            double w = sentences.get(i).length();
            double[] p = probabilities.get(i);
            for (int k = 0; k < labels; k++) {
                mean[k] += w * p[k];
            }
            total += w;
            int top = argmax(p);
            if (p[top] >= CLEAR && top == Label.POSITIVE.ordinal()) {
                clearPositive += w;
            } else if (p[top] >= CLEAR && top == Label.NEGATIVE.ordinal()) {
                clearNegative += w;
            }
        }
        for (int k = 0; k < labels; k++) {
            mean[k] /= total;
        }
        double polar = clearPositive + clearNegative;
        boolean bothSides = polar > 0 && Math.min(clearPositive, clearNegative) / polar >= MIXED_BALANCE;
        Label label = bothSides ? Label.MIXED : Label.values()[argmax(mean)];
        double score = mean[Label.POSITIVE.ordinal()] - mean[Label.NEGATIVE.ordinal()];
        double confidence = bothSides ? Math.max(mean[Label.MIXED.ordinal()], Math.min(clearPositive, clearNegative) / polar + 0.25)
                : mean[label.ordinal()];
        return new Sentiment(label, round(clamp(score, -1)), round(clamp(confidence, 0)));
    }

    private static int argmax(double[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }

    private static double clamp(double v, double low) {
        return Math.max(low, Math.min(1, v));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
