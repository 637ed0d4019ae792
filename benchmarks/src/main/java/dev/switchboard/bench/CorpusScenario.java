package dev.switchboard.bench;

import dev.switchboard.agents.entities.EntitiesAgent;
import dev.switchboard.agents.keywords.KeywordsAgent;
import dev.switchboard.agents.sentiment.SentimentAgent;
import dev.switchboard.agents.summarizer.SummaryAgent;
import dev.switchboard.agenttest.AgentHarness;
import dev.switchboard.core.Agent;
import dev.switchboard.core.runtime.LlmGateway;
import dev.switchboard.core.TaskException;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.fakes.AdversarialCorpus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scenario 5: the adversarial corpus (testkit's {@link AdversarialCorpus}) through every built-in
 * agent's offline model, in this process, one document at a time: per agent, the throughput as
 * time per MB and the slowest document (its kind and size). Nothing is asserted; the corpus test
 * in the launcher asserts correctness.
 */
final class CorpusScenario {
    static final long SEED = 12;
    static final int QUICK_DOCUMENTS = 2_000;
    private static final int WARM_UP_RUNS = 50;
    private static final String WARM_UP = ("Dr. Laura Smith of Acme Corp said on Monday that revenue rose 12% to $3.5 million in Berlin. "
            + "The quarterly review was good, but costs were not great. ").repeat(20);

    /** One agent's run over the corpus. */
    record Result(String agent, int documents, long bytes, double seconds, String slowest, int slowestBytes, double slowestMillis,
                  Map<String, Integer> failures) {
        double millisPerMegabyte() {
            return seconds * 1000 / (bytes / 1e6);
        }
    }

    private CorpusScenario() {
    }

    static List<Result> run(boolean quick) throws Exception {
        AdversarialCorpus corpus = AdversarialCorpus.of(SEED, quick ? QUICK_DOCUMENTS : AdversarialCorpus.DEFAULT_SIZE);
        List<Agent<?>> agents = List.of(new SentimentAgent(), new EntitiesAgent(), new SummaryAgent(), new KeywordsAgent());
        List<Tally> tallies = agents.stream().map(a -> new Tally(a.name())).toList();
        try (LlmGateway gateway = LlmGateway.create(LlmConfig.ofDefaults(), new SimpleMeterRegistry())) {
            for (Agent<?> agent : agents) {
                for (int i = 0; i < WARM_UP_RUNS; i++) {
                    answer(agent, gateway, WARM_UP); // so that the first document does not pay for class loading and the JIT
                }
            }
            corpus.documents().forEach(doc -> {
                for (int a = 0; a < agents.size(); a++) {
                    Agent<?> agent = agents.get(a);
                    tallies.get(a).time(doc, () -> answer(agent, gateway, doc.text()));
                }
            });
        }
        return tallies.stream().map(Tally::result).toList();
    }

    /** Per agent: totals, the slowest document and the failures by error type. */
    private static final class Tally {
        private final String agent;
        private final Map<String, Integer> failures = new TreeMap<>();
        private int documents;
        private long bytes;
        private long nanos;
        private long slowestNanos = -1;
        private AdversarialCorpus.Document slowest;

        Tally(String agent) {
            this.agent = agent;
        }

        void time(AdversarialCorpus.Document doc, java.util.concurrent.Callable<?> work) {
            long start = System.nanoTime();
            try {
                work.call();
            } catch (TaskException e) {
                failures.merge(e.errorType(), 1, Integer::sum);
            } catch (Exception e) {
                failures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
            }
            long took = System.nanoTime() - start;
            documents++;
            bytes += doc.utf8Bytes();
            nanos += took;
            if (took > slowestNanos) {
                slowestNanos = took;
                slowest = doc;
            }
        }

        Result result() {
            return new Result(agent, documents, bytes, nanos / 1e9, slowest.kind(), slowest.utf8Bytes(), slowestNanos / 1e6, failures);
        }
    }

    /** The agent on one document through the gateway's offline path, as a worker would run it, without Kafka. */
    private static <O> O answer(Agent<O> agent, LlmGateway gateway, String text) throws Exception {
        return AgentHarness.with(agent, gateway).run(text);
    }

    static List<String> describe(List<Result> results) {
        List<String> lines = new ArrayList<>();
        for (Result r : results) {
            lines.add(String.format(java.util.Locale.ROOT, "corpus %-10s %6d docs %8.1f MB %7.1f s  %8.1f ms/MB  slowest: %s, %d bytes, %.0f ms  failures: %s",
                    r.agent(), r.documents(), r.bytes() / 1e6, r.seconds(), r.millisPerMegabyte(), r.slowest(), r.slowestBytes(),
                    r.slowestMillis(), r.failures()));
        }
        return lines;
    }
}
