package dev.switchboard.agents.sentiment;

import dev.switchboard.core.AgentTask;
import dev.switchboard.core.OfflineModel;
import dev.switchboard.core.text.Sentences;
import dev.switchboard.core.text.Words;
import java.util.ArrayList;
import java.util.List;

/**
 * The offline sentiment model: a valence lexicon per word, flipped by a negation up to three words
 * before it ("not good"), scaled by intensifiers ("very") and dampeners ("slightly"), with the
 * clause after a contrast ("but") weighted 1.5x and the one before it 0.5x. Sentence scores are
 * squashed to -1..1 and averaged over the sentences that carry sentiment; clear positive and
 * clear negative sentences of similar weight make the document {@code mixed}.
 */
final class LexiconAnalyzer implements OfflineModel<Sentiment> {
    static final double SENTENCE_THRESHOLD = 0.25;
    static final double LABEL_THRESHOLD = 0.2;
    /** Words fainter than this are not opinion: factual text is full of mildly coloured words ("agreed", "build"). */
    static final double NOISE_FLOOR = 0.8;
    private static final double SQUASH = 6.0;
    private final Lexicon lexicon = Lexicon.load();

    @Override
    public Sentiment answer(AgentTask task) {
        return analyze(task.text());
    }

    Sentiment analyze(String text) {
        List<Double> units = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        int opinionWords = 0;
        for (String sentence : Sentences.split(text)) {
            opinionWords += clauses(sentence, units, weights);
        }
        if (units.isEmpty()) {
            return new Sentiment(Sentiment.Label.NEUTRAL, 0.0, 0.5);
        }
        double weighted = 0;
        double weightSum = 0;
        double positive = 0;
        double negative = 0;
        for (int i = 0; i < units.size(); i++) {
            double u = units.get(i);
            weighted += u * weights.get(i);
            weightSum += weights.get(i);
            if (u > SENTENCE_THRESHOLD) {
                positive += u;
            } else if (u < -SENTENCE_THRESHOLD) {
                negative -= u;
            }
        }
        double mean = weighted / weightSum;
        double balance = positive > 0 && negative > 0 ? Math.min(positive, negative) / (positive + negative) : 0;
        Sentiment.Label label;
        if (balance >= 0.3) {
            label = Sentiment.Label.MIXED;
        } else if (mean >= LABEL_THRESHOLD) {
            label = Sentiment.Label.POSITIVE;
        } else if (mean <= -LABEL_THRESHOLD) {
            label = Sentiment.Label.NEGATIVE;
        } else {
            label = balance > 0 ? Sentiment.Label.MIXED : Sentiment.Label.NEUTRAL;
        }
        double confidence = Math.min(0.95, 0.4 + 0.4 * Math.abs(mean) + 0.03 * Math.min(5, opinionWords));
        if (label == Sentiment.Label.MIXED) {
            confidence = Math.min(confidence, 0.4 + 0.4 * balance);
        }
        return new Sentiment(label, round(Math.max(-1, Math.min(1, mean))), round(confidence));
    }

    /**
     * Scores the clauses of one sentence (split at contrasts, concessions and semicolons) into
     * {@code units}, each squashed to -1..1, with its weight: 1.5 after a contrast, 0.5 for the
     * clause before it or a concession. Returns the number of opinion words.
     */
    int clauses(String sentence, List<Double> units, List<Double> weights) {
        List<String> words = Words.lowerCase(sentence.replace(";", " ; "));
        if (words.size() <= 3 && words.stream().anyMatch(Lexicon.POLITENESS::contains)) {
            return 0; // "Thanks, Priya" or "Best regards": a sign-off, not an opinion
        }
        boolean exclaim = sentence.strip().endsWith("!");
        int opinion = 0;
        double raw = 0;
        int clauseOpinion = 0;
        double weight = 1.0;
        int clauseStart = units.size();
        int contrasts = 0;
        List<Integer> contrastsBefore = new ArrayList<>(); // per clause of this sentence: contrasts before it ended
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            boolean contrast = Lexicon.CONTRASTS.contains(w) && i > 0;
            if (contrast || Lexicon.CONCESSIONS.contains(w) || w.equals(";")) {
                if (clauseOpinion > 0) {
                    units.add(squash(raw, exclaim));
                    weights.add(weight);
                    contrastsBefore.add(contrasts);
                }
                if (contrast) {
                    contrasts++;
                }
                raw = 0;
                clauseOpinion = 0;
                weight = contrast ? 1.5 : Lexicon.CONCESSIONS.contains(w) ? 0.5 : 1.0;
                continue;
            }
            double[] match = lexicon.match(words, i);
            double v = match[0];
            if (Math.abs(v) < NOISE_FLOOR) {
                continue;
            }
            clauseOpinion++;
            opinion++;
            for (int k = Math.max(0, i - 3); k < i; k++) {
                String before = words.get(k);
                if (Lexicon.NEGATORS.contains(before) || before.endsWith("n't")) {
                    v = -0.75 * v;
                }
            }
            if (i > 0 && Lexicon.INTENSIFIERS.contains(words.get(i - 1))) {
                v *= 1.5;
            } else if (i > 0 && Lexicon.DAMPENERS.contains(words.get(i - 1))) {
                v *= 0.6;
            }
            raw += v;
            i += (int) match[1] - 1;
        }
        if (clauseOpinion > 0) {
            units.add(squash(raw, exclaim));
            weights.add(weight);
            contrastsBefore.add(contrasts);
        }
        // each contrast halves every clause before it: applied once at the end, linear in the clauses
        for (int k = clauseStart; k < weights.size(); k++) {
            int halvings = contrasts - contrastsBefore.get(k - clauseStart);
            if (halvings > 0) {
                weights.set(k, weights.get(k) * Math.pow(0.5, halvings));
            }
        }
        return opinion;
    }

    private static double squash(double raw, boolean exclaim) {
        double r = exclaim ? raw * 1.2 : raw;
        return r / Math.sqrt(r * r + SQUASH);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
