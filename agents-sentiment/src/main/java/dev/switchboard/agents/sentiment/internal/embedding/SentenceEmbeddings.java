package dev.switchboard.agents.sentiment.internal.embedding;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * all-MiniLM-L6-v2 (quantized ONNX, shipped inside langchain4j's jar) run in-process: 384-d
 * sentence embeddings, L2-normalised. The model loads once per process, on first use, and every caller shares it; a
 * load that fails (no heap for it, no ONNX native library for the platform) is logged and tried again at most every
 * {@link #RETRY_AFTER}, and until then {@link #shared()} is empty ({@link RetryingLoader}). The only class of the module
 * that knows langchain4j.
 */
public final class SentenceEmbeddings {
    public static final int DIMENSION = 384;
    /** After a failed load, the next one is tried no sooner than this. */
    public static final Duration RETRY_AFTER = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(SentenceEmbeddings.class);
    private static final AtomicInteger LOADS = new AtomicInteger();
    private static final RetryingLoader<SentenceEmbeddings> SHARED = new RetryingLoader<>(
            "the sentence embedding model (all-MiniLM-L6-v2, quantized)", SentenceEmbeddings::load, RETRY_AFTER, System::nanoTime);
    private final EmbeddingModel model;

    private SentenceEmbeddings(EmbeddingModel model) {
        this.model = model;
    }

    private static SentenceEmbeddings load() {
        LOADS.incrementAndGet();
        long start = System.nanoTime();
        SentenceEmbeddings loaded = new SentenceEmbeddings(new AllMiniLmL6V2QuantizedEmbeddingModel());
        log.info("Loaded the sentence embedding model (all-MiniLM-L6-v2, quantized) in {} ms", (System.nanoTime() - start) / 1_000_000);
        return loaded;
    }

    /** The process's one instance, loaded by the first call; empty while the model cannot be loaded. */
    public static Optional<SentenceEmbeddings> shared() {
        return SHARED.get();
    }

    /** How many times this process has started loading the model: one once anything has been classified. */
    public static int loads() {
        return LOADS.get();
    }

    /** One unit vector per text, in order. */
    public List<float[]> embed(List<String> texts) {
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        return model.embedAll(segments).content().stream().map(e -> unit(e.vector())).toList();
    }

    private static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        double n = Math.sqrt(norm);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = n == 0 ? 0 : (float) (v[i] / n);
        }
        return out;
    }
}
