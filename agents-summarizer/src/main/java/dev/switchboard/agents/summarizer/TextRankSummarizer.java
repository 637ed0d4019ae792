package dev.switchboard.agents.summarizer;

import dev.switchboard.core.AgentTask;
import dev.switchboard.core.OfflineModel;
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
import java.util.PriorityQueue;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The offline summary model: extractive TextRank. Sentences are nodes; edges weigh the TF-IDF
 * cosine similarity of their content words; PageRank picks the most central sentences. The
 * summary keeps about a quarter of the sentences (at most {@link #MAX_SENTENCES}) in document
 * order; the key points are the top-ranked sentences, shortened.
 *
 * <p>The graph has at most {@link #MAX_CANDIDATES} nodes, so time and memory stay linear in the
 * text: when there are more sentences, the candidates are the first sentence and those closest
 * to the text's centroid (the sum of all sentence vectors), chosen in one pass.
 */
final class TextRankSummarizer implements OfflineModel<Summary> {
    static final int MAX_SENTENCES = 7;
    static final int KEY_POINTS = 3;
    static final int KEY_POINT_CHARS = 120;
    /** Nodes of the sentence graph: its similarity matrix is at most this squared (320 KB of doubles). */
    static final int MAX_CANDIDATES = 200;
    private static final double DAMPING = 0.85;
    private static final int ITERATIONS = 40;
    private final Set<String> stopwords = load();

    @Override
    public Summary answer(AgentTask task) {
        return summarize(task.text());
    }

    Summary summarize(String text) {
        List<String> sentences = Sentences.split(text);
        if (sentences.isEmpty()) {
            return new Summary(text.strip().isEmpty() ? "(empty)" : text.strip(), List.of());
        }
        List<Map<String, Double>> vectors = tfidf(sentences);
        List<Integer> candidates = candidates(vectors);
        double[] rank = pageRank(candidates.stream().map(vectors::get).toList());
        int keep = Math.max(1, Math.min(MAX_SENTENCES, (int) Math.round(sentences.size() / 4.0)));
        List<Integer> byRank = IntStream.range(0, candidates.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer c) -> -rank[c]).thenComparingInt(c -> c))
                .map(candidates::get)
                .toList();
        List<Integer> chosen = new ArrayList<>(byRank.subList(0, Math.min(keep, byRank.size())));
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

    /**
     * The sentences that become graph nodes, in document order: all of them, or beyond
     * {@link #MAX_CANDIDATES} the first sentence and the most similar to the centroid (the
     * earlier first among equals), kept in a bounded heap.
     */
    static List<Integer> candidates(List<Map<String, Double>> vectors) {
        int n = vectors.size();
        if (n <= MAX_CANDIDATES) {
            return IntStream.range(0, n).boxed().toList();
        }
        Map<String, Double> centroid = new HashMap<>();
        vectors.forEach(v -> v.forEach((w, x) -> centroid.merge(w, x, Double::sum)));
        double centroidNorm = norm(centroid);
        double[] score = new double[n];
        for (int i = 0; i < n; i++) {
            score[i] = cosine(vectors.get(i), norm(vectors.get(i)), centroid, centroidNorm);
        }
        // the weakest candidate on top: lower score, then the later sentence
        PriorityQueue<Integer> best = new PriorityQueue<>(MAX_CANDIDATES,
                Comparator.comparingDouble((Integer i) -> score[i]).thenComparingInt(i -> -i));
        for (int i = 1; i < n; i++) {
            best.add(i);
            if (best.size() > MAX_CANDIDATES - 1) {
                best.poll();
            }
        }
        List<Integer> chosen = new ArrayList<>(best);
        chosen.add(0);
        chosen.sort(Integer::compare);
        return chosen;
    }

    private static double[] pageRank(List<Map<String, Double>> vectors) {
        int n = vectors.size();
        double[][] weight = new double[n][n];
        double[] outSum = new double[n];
        double[] norms = vectors.stream().mapToDouble(TextRankSummarizer::norm).toArray();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double sim = cosine(vectors.get(i), norms[i], vectors.get(j), norms[j]);
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

    private static double cosine(Map<String, Double> a, double normA, Map<String, Double> b, double normB) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
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
        return dot / (normA * normB);
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
        int end = cut > max / 2 ? cut : max - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1)) && Character.isLowSurrogate(s.charAt(end))) {
            end--; // never half an emoji
        }
        return s.substring(0, end).strip() + "…";
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
