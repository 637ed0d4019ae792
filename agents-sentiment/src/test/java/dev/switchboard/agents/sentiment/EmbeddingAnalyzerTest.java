package dev.switchboard.agents.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.agents.sentiment.internal.DocumentVerdict;
import dev.switchboard.agents.sentiment.internal.ProseGate;
import dev.switchboard.agents.sentiment.internal.SentenceSample;
import dev.switchboard.agents.sentiment.internal.SoftmaxModel;
import dev.switchboard.agents.sentiment.internal.embedding.RetryingLoader;
import dev.switchboard.agents.sentiment.internal.embedding.SentenceEmbeddings;
import dev.switchboard.agenttest.AgentHarness;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The offline classifier: sentences of its training domains, bounded work, one shared model. Accuracy: SentimentEvaluationTest. */
class EmbeddingAnalyzerTest {
    private final EmbeddingAnalyzer analyzer = new EmbeddingAnalyzer();

    @Test
    void shouldLabelClearSentencesOfTheTrainingDomains() {
        // Given clear texts of the domains it was trained on (none of them in the training file or a held-out set)
        // When classified, Then each gets its label
        assertThat(analyzer.analyze("The waiter was charming and the lamb was cooked to perfection.").label())
                .isEqualTo(Sentiment.Label.POSITIVE);
        assertThat(analyzer.analyze("The update deleted my files and nobody from support has replied in a week.").label())
                .isEqualTo(Sentiment.Label.NEGATIVE);
        assertThat(analyzer.analyze("The training session starts at 9 am in the second-floor meeting room.").label())
                .isEqualTo(Sentiment.Label.NEUTRAL);
        assertThat(analyzer.analyze("The staff were wonderful and the view was stunning. The room was filthy and the bed was broken.").label())
                .isEqualTo(Sentiment.Label.MIXED);
    }

    @Test
    void shouldEmbedABoundedSampleOfAMegabyteDocument() throws Exception {
        // Given a 1 MiB document of prose sentences, one of them far longer than a window
        String sentence = "The delivery was late again and the driver was rude to my neighbour. ";
        String text = "The report was " + "very ".repeat(2_000) + "late. " + sentence.repeat(1_048_576 / sentence.length());

        // When sampled, Then at most MAX_SENTENCES sentences of at most MAX_SENTENCE_CHARS go to the model
        List<String> sample = SentenceSample.of(text, EmbeddingAnalyzer.MAX_SENTENCES, EmbeddingAnalyzer.MAX_SENTENCE_CHARS);
        assertThat(sample).hasSize(EmbeddingAnalyzer.MAX_SENTENCES)
                .allSatisfy(s -> assertThat(s.length()).isLessThanOrEqualTo(EmbeddingAnalyzer.MAX_SENTENCE_CHARS));

        // And through the agent the document gets a valid negative answer
        Sentiment s = AgentHarness.offline(new SentimentAgent()).run(text);
        s.validate();
        assertThat(s.label()).isEqualTo(Sentiment.Label.NEGATIVE);
    }

    @Test
    void shouldLeaveTextWithoutProseToTheLexicon() {
        // Given markup, abbreviations, glued control characters, a title-case list and a sentence of prose
        assertThat(ProseGate.isProse("<div><p class=\"a\"><a href='javascript:x'>Great!</a></p></div>")).isFalse();
        assertThat(ProseGate.isProse("No. Inc. St. Dr. A. example.com example.com etc...")).isFalse();
        assertThat(ProseGate.isProse("the\u0001revenue\u0002was\u0003good\u0004in\u0005Berlin")).isFalse();
        assertThat(ProseGate.isProse("Berlin Acme The Great Terrible Monday Laura Smith")).isFalse();
        assertThat(ProseGate.isProse("The " + "The ".repeat(50))).isFalse();
        assertThat(ProseGate.isProse("The refund arrived after three weeks of waiting.")).isTrue();

        // When a document has no prose sentence, Then it gets the lexicon's answer
        String list = "Great! Terrible! Awful!";
        assertThat(analyzer.analyze(list)).isEqualTo(new LexiconAnalyzer().analyze(list));
    }

    @Test
    void shouldCallADocumentMixedOnlyWhenClearOppositeSentencesWeighAlike() {
        // Given two equally long sentences, one clearly positive and one clearly negative, Then mixed
        double[] positive = {0.9, 0.05, 0.05, 0};
        double[] negative = {0.05, 0.9, 0.05, 0};
        assertThat(DocumentVerdict.of(List.of("a".repeat(50), "b".repeat(50)), List.of(positive, negative)).label())
                .isEqualTo(Sentiment.Label.MIXED);
        // Given the negative one a fifth as long, Then positive
        assertThat(DocumentVerdict.of(List.of("a".repeat(50), "b".repeat(10)), List.of(positive, negative)).label())
                .isEqualTo(Sentiment.Label.POSITIVE);
    }

    @Test
    void shouldFallBackToTheLexiconWhileTheModelFailsToLoadAndRetryAtMostOncePerInterval() {
        // Given a model whose load fails twice (no ONNX native library, then no heap) and then succeeds, on a test clock
        AtomicLong now = new AtomicLong(42);
        AtomicInteger attempts = new AtomicInteger();
        List<Error> failures = List.of(new UnsatisfiedLinkError("no onnxruntime in java.library.path"), new OutOfMemoryError("Java heap space"));
        Duration interval = Duration.ofMinutes(5);
        RetryingLoader<SentenceEmbeddings> loader = new RetryingLoader<>("the test model", () -> {
            int attempt = attempts.getAndIncrement();
            if (attempt < failures.size()) {
                throw failures.get(attempt);
            }
            return SentenceEmbeddings.shared().orElseThrow();
        }, interval, now::get);
        EmbeddingAnalyzer failing = new EmbeddingAnalyzer(loader::get);
        String text = "The waiter was charming and the lamb was cooked to perfection.";
        Sentiment lexicon = new LexiconAnalyzer().analyze(text);

        // When tasks arrive while the load fails, Then each gets the lexicon's answer and the load was tried once
        assertThat(List.of(failing.analyze(text), failing.analyze(text), failing.analyze(text))).containsOnly(lexicon);
        assertThat(attempts).hasValue(1);

        // When the interval has all but passed, Then no new try; when it has, one (which runs out of heap)
        now.addAndGet(interval.toNanos() - 1);
        assertThat(failing.analyze(text)).isEqualTo(lexicon);
        assertThat(attempts).hasValue(1);
        now.addAndGet(1);
        assertThat(List.of(failing.analyze(text), failing.analyze(text))).containsOnly(lexicon);
        assertThat(attempts).hasValue(2);

        // When the next interval has passed, Then the load succeeds, the classifier answers and it is never loaded again
        now.addAndGet(interval.toNanos());
        assertThat(failing.analyze(text)).isNotEqualTo(lexicon).isEqualTo(analyzer.analyze(text));
        now.addAndGet(interval.toNanos() * 10);
        assertThat(failing.analyze(text)).isEqualTo(analyzer.analyze(text));
        assertThat(attempts).hasValue(3);
    }

    @Test
    void shouldLetAnErrorOfTheJvmItselfThroughRatherThanFallBack() {
        // Given a load that overflows the stack, When loaded, Then that error propagates (no fallback hides a broken JVM)
        RetryingLoader<String> loader = new RetryingLoader<>("the test model", () -> {
            throw new StackOverflowError();
        }, Duration.ofMinutes(5), System::nanoTime);
        assertThatThrownBy(loader::get).isInstanceOf(StackOverflowError.class);
    }

    @Test
    void shouldLoadTheModelOncePerProcessForEveryAgent() throws Exception {
        // Given two agents classifying at the same time on two threads
        List<Sentiment> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> threads = java.util.stream.Stream.of("The service was excellent.", "The service was dreadful.")
                .map(text -> new Thread(() -> answers.add(new EmbeddingAnalyzer().analyze(text)))).toList();

        // When both have answered
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }

        // Then the process has loaded the model once, and both used it
        assertThat(answers).extracting(Sentiment::label).containsExactlyInAnyOrder(Sentiment.Label.POSITIVE, Sentiment.Label.NEGATIVE);
        assertThat(SentenceEmbeddings.loads()).isEqualTo(1);
        assertThat(SoftmaxModel.shipped()).isSameAs(SoftmaxModel.shipped());
    }
}
