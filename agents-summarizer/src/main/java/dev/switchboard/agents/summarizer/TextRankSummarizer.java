package dev.switchboard.agents.summarizer;

import dev.switchboard.core.OfflineModel;
import dev.switchboard.core.Prompt;
import dev.switchboard.core.text.Sentences;
import dev.switchboard.core.text.Words;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The offline summary model: extractive TextRank. Sentences are nodes; edges weigh the TF-IDF
 * cosine similarity of their content words; PageRank picks the most central sentences. The
 * summary keeps about a quarter of the sentences (at most {@link #MAX_SENTENCES}) in document
 * order; the key points are the top-ranked sentences, shortened.
 */
final class TextRankSummarizer implements OfflineModel {
    static final int MAX_SENTENCES = 7;
    static final int KEY_POINTS = 3;
    static final int KEY_POINT_CHARS = 120;
    private static final double DAMPING = 0.85;
    private static final int ITERATIONS = 40;
    private final Set<String> stopwords = load();

    @Override
    public Object answer(Prompt prompt) {
        return summarize(prompt.document().orElse(prompt.user()));
    }

    Summary summarize(String text) {
        List<String> sentences = Sentences.split(text);
        if (sentences.isEmpty()) {
            return new Summary(text.strip().isEmpty() ? "(empty)" : text.strip(), List.of());
        }
        List<Map<String, Double>> vectors = tfidf(sentences);
        double[] rank = pageRank(vectors);
        int keep = Math.max(1, Math.min(MAX_SENTENCES, (int) Math.round(sentences.size() / 4.0)));
        List<Integer> byRank = IntStream.range(0, sentences.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -rank[i]).thenComparingInt(i -> i))
                .toList();
        List<Integer> chosen = new ArrayList<>(byRank.subList(0, keep));
        chosen.sort(Integer::compare);
        String summary = String.join(" ", chosen.stream().map(sentences::get).toList());
        if (summary.length() >= text.strip().length() && sentences.size() == 1 && summary.length() > KEY_POINT_CHARS) {
            summary = shorten(summary, Math.max(KEY_POINT_CHARS, summary.length() / 2));
        }
        List<String> keyPoints = new ArrayList<>();
        for (int i : byRank) {
            if (keyPoints.size() == Math.min(KEY_POINTS, sentences.size())) {
                break;
            }
            String point = shorten(sentences.get(i), KEY_POINT_CHARS);
            if (!point.isBlank() && !keyPoints.contains(point)) {
                keyPoints.add(point);
            }
        }
        return new Summary(summary, keyPoints);
    }

    private List<Map<String, Double>> tfidf(List<String> sentences) {
        List<Map<String, Integer>> counts = new ArrayList<>();
        Map<String, Integer> documentFrequency = new HashMap<>();
        for (String s : sentences) {
            Map<String, Integer> c = new HashMap<>();
            for (String w : Words.lowerCase(s)) {
                if (w.length() > 2 && !stopwords.contains(w) && !w.chars().allMatch(Character::isDigit)) {
                    c.merge(w, 1, Integer::sum);
                }
            }
            c.keySet().forEach(w -> documentFrequency.merge(w, 1, Integer::sum));
            counts.add(c);
        }
        int n = sentences.size();
        List<Map<String, Double>> vectors = new ArrayList<>();
        for (Map<String, Integer> c : counts) {
            Map<String, Double> v = new HashMap<>();
            c.forEach((w, tf) -> v.put(w, tf * Math.log(1.0 + (double) n / documentFrequency.get(w))));
            vectors.add(v);
        }
        return vectors;
    }

    private static double[] pageRank(List<Map<String, Double>> vectors) {
        int n = vectors.size();
        double[][] weight = new double[n][n];
        double[] outSum = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double sim = cosine(vectors.get(i), vectors.get(j));
                weight[i][j] = sim;
                weight[j][i] = sim;
                outSum[i] += sim;
                outSum[j] += sim;
            }
        }
        double[] rank = new double[n];
        java.util.Arrays.fill(rank, 1.0 / n);
        for (int it = 0; it < ITERATIONS; it++) {
            double[] next = new double[n];
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    if (weight[j][i] > 0 && outSum[j] > 0) {
                        sum += weight[j][i] / outSum[j] * rank[j];
                    }
                }
                // a small lead bonus breaks ties toward the opening, where documents state their point
                next[i] = (1 - DAMPING) / n + DAMPING * sum + (i == 0 ? 0.01 / n : 0);
            }
            rank = next;
        }
        return rank;
    }

    private static double cosine(Map<String, Double> a, Map<String, Double> b) {
        double dot = 0;
        for (Map.Entry<String, Double> e : a.entrySet()) {
            Double other = b.get(e.getKey());
            if (other != null) {
                dot += e.getValue() * other;
            }
        }
        if (dot == 0) {
            return 0;
        }
        return dot / (norm(a) * norm(b));
    }

    private static double norm(Map<String, Double> v) {
        return Math.sqrt(v.values().stream().mapToDouble(x -> x * x).sum());
    }

    static String shorten(String sentence, int max) {
        String s = sentence.strip();
        if (s.length() <= max) {
            return s;
        }
        int cut = s.lastIndexOf(' ', max - 1);
        return s.substring(0, cut > max / 2 ? cut : max - 1).strip() + "…";
    }

    private static Set<String> load() {
        Set<String> words = new HashSet<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                TextRankSummarizer.class.getResourceAsStream("stopwords.txt"), StandardCharsets.UTF_8))) {
            in.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(words::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(words);
    }
}
