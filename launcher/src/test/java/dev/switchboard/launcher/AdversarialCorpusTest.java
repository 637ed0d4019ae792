package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.agents.entities.Entities;
import dev.switchboard.agenttest.AgentHarness;
import dev.switchboard.core.Agent;
import dev.switchboard.core.runtime.LlmGateway;
import dev.switchboard.core.NonRetriableTaskException;
import dev.switchboard.core.SelfValidating;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.contracts.message.ErrorType;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.fakes.AdversarialCorpus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every built-in agent's offline path on every document of the adversarial corpus, in a JVM of
 * {@code -Xmx256m} (its own surefire execution in this module's pom) on a plain thread with the
 * default stack: each answer is schema-valid, or a clear non-retriable failure that is not a
 * crash (the gateway turns a {@link StackOverflowError}, an {@link OutOfMemoryError} or a run past
 * the time budget into {@code AGENT_CRASHED}). Correctness only: the timings are the benchmark's
 * ({@code ./switchboard bench --only corpus}). Two such threads share the documents, as a worker's
 * tasks share its process, but never two large documents at once: the heap a large one gets is still
 * what one task alone would leave it.
 */
class AdversarialCorpusTest {
    private static final Logger log = LoggerFactory.getLogger(AdversarialCorpusTest.class);
    private static final long SEED = 12;
    /** Only stops a hang, so that the test names the document it hung on; a whole run takes about a minute on 2 cores. */
    private static final Duration HANG_GUARD = Duration.ofMinutes(15);
    /** Two threads, one per core of the CI machine; the suite runs nothing else beside this test. */
    private static final int WORKERS = 2;
    /** Above this size (the largest ordinary generated document) a document holds the one large-document permit. */
    private static final int LARGE_BYTES = 64 * 1024;
    private static final int MAX_REPORTED = 20;
    private static final long SMALL_HEAP = 256L << 20;

    @Test
    void shouldAnswerEveryAdversarialDocumentWithValidOutputOrANonRetriableFailure() throws Exception {
        // -Dtest=AdversarialCorpusTest also selects it in the default execution, whose heap proves nothing
        assumeTrue(Runtime.getRuntime().maxMemory() <= SMALL_HEAP, "runs in the adversarial-corpus execution, with -Xmx256m");
        // Given every built-in agent, offline, and the corpus
        Map<String, Agent<?>> agents = new LinkedHashMap<>(AgentPlugins.builtIn().all());
        AdversarialCorpus corpus = AdversarialCorpus.of(SEED);
        LlmGateway gateway = LlmGateway.create(LlmConfig.ofDefaults(), new SimpleMeterRegistry()); // one per process, as in a worker
        Outcomes outcomes = new Outcomes(gateway, TopicCatalogue.bundled().maxValueBytes());

        // When each document goes through each agent, on plain threads with the default stack, one large document at a time
        Iterator<AdversarialCorpus.Document> documents = corpus.documents().iterator();
        Semaphore large = new Semaphore(1);
        List<Thread> workers = IntStream.range(0, WORKERS).mapToObj(i -> new Thread(() -> {
            for (AdversarialCorpus.Document doc = next(documents); doc != null; doc = next(documents)) {
                boolean isLarge = doc.utf8Bytes() > LARGE_BYTES;
                if (isLarge) {
                    large.acquireUninterruptibly();
                }
                try {
                    AdversarialCorpus.Document current = doc;
                    agents.forEach((name, agent) -> outcomes.run(name, agent, current));
                } finally {
                    if (isLarge) {
                        large.release();
                    }
                }
            }
        }, "adversarial-corpus-" + i)).toList();
        workers.forEach(Thread::start);
        long guardEnd = System.nanoTime() + HANG_GUARD.toNanos();
        for (Thread worker : workers) {
            worker.join(Math.max(1, (guardEnd - System.nanoTime()) / 1_000_000));
        }

        // Then no run hung, and every answer was valid or a clear non-retriable failure
        assertThat(workers).as("still running on %s", outcomes.current.values()).noneMatch(Thread::isAlive);
        outcomes.log();
        assertThat(outcomes.problems).as("problems (first %d)", MAX_REPORTED).isEmpty();
        assertThat(outcomes.documents).hasSize(corpus.size()).hasSizeGreaterThanOrEqualTo(10_000);
    }

    @Test
    void shouldGenerateTheSameValidDocumentsWithinTheLimitFromOneSeed() {
        // Given two corpora of one seed
        AdversarialCorpus corpus = AdversarialCorpus.of(SEED);
        AdversarialCorpus again = AdversarialCorpus.of(SEED);

        // When every tenth document is read (and every large one), Then each is valid Unicode within the limit, the same both times
        List<Integer> exactlyAtLimit = new ArrayList<>();
        IntStream.range(0, corpus.size()).filter(i -> i % 10 == 0 || i < 30 || i % AdversarialCorpus.LARGE_EVERY == 0).forEach(i -> {
            AdversarialCorpus.Document doc = corpus.get(i);
            byte[] utf8 = utf8(doc.text());
            assertThat(utf8.length).as("%s", doc).isEqualTo(doc.utf8Bytes()).isLessThanOrEqualTo(AdversarialCorpus.MAX_DOCUMENT_BYTES);
            assertThat(again.get(i).text()).as("%s", doc).isEqualTo(doc.text());
            if (utf8.length == AdversarialCorpus.MAX_DOCUMENT_BYTES) {
                exactlyAtLimit.add(i);
            }
        });
        assertThat(exactlyAtLimit).hasSizeGreaterThan(10);
        assertThat(AdversarialCorpus.of(SEED + 1).get(5_000).text()).isNotEqualTo(corpus.get(5_000).text());
    }

    /** The next document, made by the calling thread; null after the last. */
    private static AdversarialCorpus.Document next(Iterator<AdversarialCorpus.Document> documents) {
        synchronized (documents) {
            return documents.hasNext() ? documents.next() : null;
        }
    }

    private static byte[] utf8(String text) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text)); // strict: a lone surrogate is an error
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new AssertionError("not valid UTF-16: " + e, e);
        }
    }

    /** What the agents answered, document by document. */
    private static final class Outcomes {
        private final LlmGateway gateway;
        private final int maxOutputBytes;
        private final List<String> problems = new ArrayList<>();
        private final Map<String, Integer> counts = new TreeMap<>();
        /** What each thread is on, for the hang message. */
        private final Map<String, String> current = new java.util.concurrent.ConcurrentHashMap<>();
        /** The indexes of the documents run. */
        private final java.util.Set<Integer> documents = java.util.concurrent.ConcurrentHashMap.newKeySet();

        Outcomes(LlmGateway gateway, int maxOutputBytes) {
            this.gateway = gateway;
            this.maxOutputBytes = maxOutputBytes;
        }

        <O> void run(String name, Agent<O> agent, AdversarialCorpus.Document doc) {
            current.put(Thread.currentThread().getName(), name + " on " + doc);
            documents.add(doc.index());
            try {
                O output = AgentHarness.with(agent, gateway).run(doc.text());
                String problem = invalid(agent, output);
                count(name, problem == null ? "valid" : "INVALID");
                if (problem != null) {
                    problem(name, doc, problem);
                }
            } catch (NonRetriableTaskException e) {
                count(name, "non-retriable " + e.errorType());
                if (e.errorType().equals(ErrorType.AGENT_CRASHED.name()) || e.getMessage() == null || e.getMessage().isBlank()) {
                    problem(name, doc, "crashed or unclear: " + e);
                }
            } catch (Throwable e) { // a StackOverflowError or OutOfMemoryError included: that is what this test looks for
                count(name, e.getClass().getSimpleName());
                problem(name, doc, e.toString());
            }
        }

        private <O> String invalid(Agent<O> agent, O output) {
            if (!agent.outputType().isInstance(output)) {
                return "not a " + agent.outputType().getSimpleName() + ": " + output;
            }
            try {
                if (output instanceof SelfValidating v) {
                    v.validate();
                }
                String json = Json.toString(output);
                if (!Json.fromString(json, agent.outputType()).equals(output)) {
                    return "does not survive a JSON round trip";
                }
                StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(json)); // strict: no half of a surrogate pair
                int bytes = json.getBytes(StandardCharsets.UTF_8).length;
                if (bytes > maxOutputBytes) {
                    return "output of " + bytes + " bytes is over the record limit of " + maxOutputBytes;
                }
                if (output instanceof Entities e && e.entities().size() > Entities.MAX_ENTITIES) {
                    return e.entities().size() + " entities, over the cap of " + Entities.MAX_ENTITIES;
                }
                return null;
            } catch (IllegalArgumentException | CharacterCodingException e) {
                return e.toString();
            }
        }

        private synchronized void count(String agent, String outcome) {
            counts.merge(agent + ": " + outcome, 1, Integer::sum);
        }

        private synchronized void problem(String agent, AdversarialCorpus.Document doc, String what) {
            if (problems.size() < MAX_REPORTED) {
                problems.add(agent + " on " + doc + ": " + what);
            }
        }

        synchronized void log() {
            counts.forEach((outcome, n) -> log.info("{}: {}", outcome, n));
        }
    }
}
