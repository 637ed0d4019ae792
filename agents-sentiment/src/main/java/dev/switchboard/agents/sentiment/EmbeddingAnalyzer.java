package dev.switchboard.agents.sentiment;

import dev.switchboard.agents.sentiment.internal.DocumentVerdict;
import dev.switchboard.agents.sentiment.internal.SentenceSample;
import dev.switchboard.agents.sentiment.internal.SoftmaxModel;
import dev.switchboard.agents.sentiment.internal.embedding.SentenceEmbeddings;
import dev.switchboard.core.AgentTask;
import dev.switchboard.core.OfflineModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The offline sentiment model: a logistic regression over all-MiniLM-L6-v2 sentence embeddings
 * and three lexicon features ({@link SentenceFeatures}), trained on {@code sentiment-training.tsv}. At most {@link #MAX_SENTENCES} prose sentences spread
 * over the text are embedded (each cut to {@link #MAX_SENTENCE_CHARS}), so a megabyte costs what a
 * page does; their verdicts make the document's ({@link DocumentVerdict}). Text with no prose
 * sentence (markup, symbols, other scripts, word lists) goes to the {@link LexiconAnalyzer}, and so does every text
 * while the embedding model cannot be loaded (retried at most every {@link SentenceEmbeddings#RETRY_AFTER}).
 * The embedding model and the weights load once per process, on first use, and are shared.
 */
final class EmbeddingAnalyzer implements OfflineModel<Sentiment> {
    static final int MAX_SENTENCES = 16;
    static final int MAX_SENTENCE_CHARS = 400;
    private final LexiconAnalyzer fallback = new LexiconAnalyzer();
    private final SentenceFeatures features = new SentenceFeatures(fallback);
    private final Supplier<Optional<SentenceEmbeddings>> embeddings;

    EmbeddingAnalyzer() {
        this(SentenceEmbeddings::shared);
    }

    /** {@code embeddings}: the embedding model, empty while it cannot be loaded. */
    EmbeddingAnalyzer(Supplier<Optional<SentenceEmbeddings>> embeddings) {
        this.embeddings = embeddings;
    }

    @Override
    public Sentiment answer(AgentTask task) {
        return analyze(task.text());
    }

    Sentiment analyze(String text) {
        List<String> sentences = SentenceSample.of(text, MAX_SENTENCES, MAX_SENTENCE_CHARS);
        Optional<SentenceEmbeddings> embedder = sentences.isEmpty() ? Optional.empty() : embeddings.get();
        if (embedder.isEmpty()) {
            return fallback.analyze(text);
        }
        SoftmaxModel model = SoftmaxModel.shipped();
        List<float[]> vectors = embedder.get().embed(sentences);
        List<double[]> probabilities = new ArrayList<>(sentences.size());
        for (int i = 0; i < sentences.size(); i++) {
            probabilities.add(model.probabilities(features.of(sentences.get(i), vectors.get(i))));
        }
        return DocumentVerdict.of(sentences, probabilities);
    }
}
