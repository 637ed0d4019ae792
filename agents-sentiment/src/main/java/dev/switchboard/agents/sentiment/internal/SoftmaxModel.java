package dev.switchboard.agents.sentiment.internal;

import dev.switchboard.agents.sentiment.Sentiment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Multinomial logistic regression over sentence embeddings: one row of weights (and a bias, last)
 * per {@link Sentiment.Label}, in the enum's order. The shipped weights are
 * {@code sentiment-weights.tsv}, written by the test-scope {@code SentimentTrainer}.
 */
public final class SoftmaxModel {
    public static final String RESOURCE = "/dev/switchboard/agents/sentiment/sentiment-weights.tsv";
    private static final Sentiment.Label[] LABELS = Sentiment.Label.values();
    private final double[][] weights;

    public SoftmaxModel(double[][] weights) {
        if (weights.length != LABELS.length) {
            throw new IllegalArgumentException("need one row per label (" + LABELS.length + "), got " + weights.length);
        }
        this.weights = weights;
    }

    private static final class Holder {
        static final SoftmaxModel SHIPPED = read(SoftmaxModel.class.getResourceAsStream(RESOURCE));
    }

    /** The shipped weights, read once per process. */
    public static SoftmaxModel shipped() {
        return Holder.SHIPPED;
    }

    /** The probability of each label, in {@link Sentiment.Label} order. */
    public double[] probabilities(float[] x) {
        double[] z = new double[LABELS.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < z.length; k++) {
            double[] w = weights[k];
            double s = w[w.length - 1];
            for (int i = 0; i < x.length; i++) {
                s += w[i] * x[i];
            }
            z[k] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            z[k] = Math.exp(z[k] - max);
            sum += z[k];
        }
        for (int k = 0; k < z.length; k++) {
            z[k] /= sum;
        }
        return z;
    }

    /** One line per label: the label, then its weights and bias, tab-separated. */
    public String toTsv() {
        StringBuilder out = new StringBuilder("# label, then one weight per feature (384 embedding, 3 lexicon) and a bias: written by SentimentTrainer (agents-sentiment, test scope)\n");
        for (int k = 0; k < LABELS.length; k++) {
            out.append(LABELS[k].json());
            for (double w : weights[k]) {
                out.append('\t').append(String.format(Locale.ROOT, "%.6f", w));
            }
            out.append('\n');
        }
        return out.toString();
    }

    static SoftmaxModel read(InputStream in) {
        if (in == null) {
            throw new IllegalStateException("the sentiment weights " + RESOURCE + " are not on the classpath");
        }
        double[][] rows = new double[LABELS.length][];
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t");
                Sentiment.Label label = Sentiment.Label.valueOf(parts[0].toUpperCase(Locale.ROOT));
                rows[label.ordinal()] = Arrays.stream(parts, 1, parts.length).mapToDouble(Double::parseDouble).toArray();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Sentiment.Label label : LABELS) {
            if (rows[label.ordinal()] == null) {
                throw new IllegalStateException("the sentiment weights have no row for " + label.json());
            }
        }
        return new SoftmaxModel(rows);
    }
}
