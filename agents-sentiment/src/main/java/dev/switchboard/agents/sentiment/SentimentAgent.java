package dev.switchboard.agents.sentiment;

import dev.switchboard.core.Agent;
import dev.switchboard.core.AgentContext;
import dev.switchboard.core.AgentTask;
import dev.switchboard.core.OfflineModel;
import dev.switchboard.core.PromptTemplate;
import dev.switchboard.core.text.Chunks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code sentiment}: the overall sentiment of a document. A long document is judged chunk by
 * chunk and the verdicts are weighted by chunk length; opposite clear verdicts make it mixed.
 */
public final class SentimentAgent implements Agent<Sentiment> {
    public static final String NAME = "sentiment";
    private static final PromptTemplate PROMPT = PromptTemplate.fromResource(SentimentAgent.class, "prompt.txt");
    private final EmbeddingAnalyzer offline = new EmbeddingAnalyzer();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Sentiment handle(AgentTask task, AgentContext context) {
        List<String> chunks = Chunks.split(task.text(), Chunks.DEFAULT_MAX_CHARS);
        List<Sentiment> verdicts = new ArrayList<>();
        for (String chunk : chunks) {
            verdicts.add(context.llm().generate(PROMPT.forDocument(chunk), Sentiment.class));
        }
        return verdicts.size() == 1 ? verdicts.get(0) : combine(chunks, verdicts);
    }

    static Sentiment combine(List<String> chunks, List<Sentiment> verdicts) {
        double total = chunks.stream().mapToInt(String::length).sum();
        double score = 0;
        double confidence = 0;
        boolean positive = false;
        boolean negative = false;
        for (int i = 0; i < verdicts.size(); i++) {
            double w = chunks.get(i).length() / total;
            Sentiment v = verdicts.get(i);
            score += w * v.score();
            confidence += w * v.confidence();
            positive |= v.label() == Sentiment.Label.POSITIVE;
            negative |= v.label() == Sentiment.Label.NEGATIVE;
        }
        Sentiment.Label label = positive && negative || verdicts.stream().anyMatch(v -> v.label() == Sentiment.Label.MIXED)
                && Math.abs(score) < 0.35 ? Sentiment.Label.MIXED
                : score >= LexiconAnalyzer.LABEL_THRESHOLD ? Sentiment.Label.POSITIVE
                : score <= -LexiconAnalyzer.LABEL_THRESHOLD ? Sentiment.Label.NEGATIVE : Sentiment.Label.NEUTRAL;
        return new Sentiment(label, Math.max(-1, Math.min(1, score)), Math.max(0, Math.min(1, confidence)));
    }

    @Override
    public OfflineModel<Sentiment> offlineModel() {
        return offline;
    }

    /** E.g. "Overall sentiment: positive (score 0.80, confidence 0.90)." */
    @Override
    public Optional<String> headline(Sentiment output) {
        return Optional.of(String.format(Locale.ROOT, "Overall sentiment: %s (score %.2f, confidence %.2f).",
                output.label().json(), output.score(), output.confidence()));
    }
}
