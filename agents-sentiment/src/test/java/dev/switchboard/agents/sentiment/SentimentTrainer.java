package dev.switchboard.agents.sentiment;

import dev.switchboard.agents.sentiment.Sentiment.Label;
import dev.switchboard.agents.sentiment.internal.SoftmaxModel;
import dev.switchboard.agents.sentiment.internal.embedding.SentenceEmbeddings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Trains the shipped weights from {@code sentiment-training.tsv}: embeds every text (with the
 * {@link SentenceFeatures} the classifier sees), then fits a
 * multinomial logistic regression by full-batch gradient descent from zero (class-balanced, L2),
 * so the same training file and model give the same weights. Regenerate with
 * {@code mvn -o -pl agents-sentiment test-compile} and then
 * {@code java -cp "agents-sentiment/target/test-classes:agents-sentiment/target/classes:$(cat cp.txt)"
 * dev.switchboard.agents.sentiment.SentimentTrainer agents-sentiment/src/main/resources/dev/switchboard/agents/sentiment/sentiment-weights.tsv}
 * where {@code cp.txt} is {@code mvn -o -pl agents-sentiment dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 */
public final class SentimentTrainer {
    static final String TRAINING = "/dev/switchboard/agents/sentiment/sentiment-training.tsv";
    static final double L2 = 1e-3;
    static final double LEARNING_RATE = 2.0;
    static final int EPOCHS = 3000;

    record Example(Label label, String text) {
    }

    private SentimentTrainer() {
    }

    public static void main(String[] args) throws IOException {
        List<Example> examples = trainingSet();
        SoftmaxModel model = fit(features(examples), examples.stream().map(Example::label).toList());
        Files.writeString(Path.of(args[0]), model.toTsv());
    }

    static List<float[]> features(List<Example> examples) {
        List<String> texts = examples.stream().map(Example::text).toList();
        List<float[]> embeddings = SentenceEmbeddings.shared().orElseThrow().embed(texts);
        SentenceFeatures features = new SentenceFeatures(new LexiconAnalyzer());
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            out.add(features.of(texts.get(i), embeddings.get(i)));
        }
        return out;
    }

    static List<Example> trainingSet() {
        List<Example> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(SentimentTrainer.class.getResourceAsStream(TRAINING),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] parts = line.split("\t", 2);
                    out.add(new Example(Label.valueOf(parts[0].toUpperCase(Locale.ROOT)), parts[1]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static SoftmaxModel fit(List<float[]> xs, List<Label> ys) {
        return fit(xs, ys, L2, EPOCHS);
    }

    static SoftmaxModel fit(List<float[]> xs, List<Label> ys, double l2, int epochs) {
        int classes = Label.values().length;
        int dim = xs.get(0).length;
        double[] classWeight = new double[classes];
        ys.forEach(y -> classWeight[y.ordinal()]++);
        for (int k = 0; k < classes; k++) {
            classWeight[k] = classWeight[k] == 0 ? 0 : (double) ys.size() / (classes * classWeight[k]);
        }
        double[][] w = new double[classes][dim + 1];
        double[][] grad = new double[classes][dim + 1];
        for (int epoch = 0; epoch < epochs; epoch++) {
            SoftmaxModel current = new SoftmaxModel(w);
            for (double[] g : grad) {
                java.util.Arrays.fill(g, 0);
            }
            for (int n = 0; n < xs.size(); n++) {
                float[] x = xs.get(n);
                double[] p = current.probabilities(x);
                int y = ys.get(n).ordinal();
                for (int k = 0; k < classes; k++) {
                    double err = classWeight[y] * (p[k] - (k == y ? 1 : 0));
                    for (int i = 0; i < dim; i++) {
                        grad[k][i] += err * x[i];
                    }
                    grad[k][dim] += err;
                }
            }
            for (int k = 0; k < classes; k++) {
                for (int i = 0; i <= dim; i++) {
                    double reg = i < dim ? l2 * w[k][i] : 0;
                    w[k][i] -= LEARNING_RATE * (grad[k][i] / xs.size() + reg);
                }
            }
        }
        return new SoftmaxModel(w);
    }
}
