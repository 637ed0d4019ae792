package dev.switchboard.bench;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.topic.TopicCatalogue;
import io.micrometer.core.instrument.DistributionSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The all-in-one stack with three no-op agents per job and a {@code read_committed} reader of the reports, and the way
 * every front door is measured on it: a warm-up {@value #WARMUP_RUNS} runs long, the median jobs/s of {@value #RUNS}
 * saturated runs (jobs ÷ (last report − first submit)), then submit-to-report latency at half that rate
 * ({@link PacedLatency}).
 */
final class FrontDoorBench implements AutoCloseable {
    static final int WARMUP_RUNS = 3;
    static final int RUNS = 3;
    static final List<String> AGENTS = List.of("noop-a", "noop-b", "noop-c");
    /** A POST /v1/jobs body asking for the three no-op agents. */
    static final String JOB_BODY = "{\"document\":\"benchmark\",\"agents\":[\"noop-a\",\"noop-b\",\"noop-c\"]}";

    /** @param jobsPerTransaction the fan-out's jobs per transaction in the saturated runs (NaN if this door used none) */
    record Result(int jobs, List<Double> runs, double jobsPerSecond, double jobsPerTransaction, PacedLatency.Result latency) {
        double halfRate() {
            return latency.rate();
        }

        double p50() {
            return latency.p50();
        }

        double p95() {
            return latency.p95();
        }

        double p99() {
            return latency.p99();
        }
    }

    private final String bootstrap;
    private final TopicCatalogue topics;
    private final BenchStack stack;
    private final Kafkas.Watcher watcher;
    private final Map<String, Long> reported = Kafkas.newSeen();

    private FrontDoorBench(String bootstrap, TopicCatalogue topics, BenchStack stack) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.stack = stack;
        this.watcher = new Kafkas.Watcher(bootstrap, topics.reports().name(), reported::putIfAbsent);
    }

    static FrontDoorBench start(String bootstrap) throws Exception {
        TopicCatalogue topics = TopicCatalogue.bundled();
        for (String a : AGENTS) {
            topics = topics.withAgent(a);
        }
        BenchStack stack = BenchStack.start(KafkaSettings.of(bootstrap), topics, AGENTS);
        try {
            return new FrontDoorBench(bootstrap, topics, stack);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    String bootstrap() {
        return bootstrap;
    }

    TopicCatalogue topics() {
        return topics;
    }

    BenchStack stack() {
        return stack;
    }

    /** Warm-up, {@value #RUNS} saturated runs of {@code jobs} jobs, then latency at half their median rate for {@code window}. */
    Result measure(FrontDoor door, int jobs, Duration window) throws Exception {
        DistributionSummary batches = stack.orchestratorMetrics().get("switchboard.orchestrator.fanout.batch.jobs").summary();
        saturate(door, WARMUP_RUNS * jobs);
        long transactionsBefore = batches.count();
        double jobsBefore = batches.totalAmount();
        List<Double> runs = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            runs.add(saturate(door, jobs));
        }
        double rate = Stats.percentile(runs, 50);
        double jobsPerTransaction = (batches.totalAmount() - jobsBefore) / (batches.count() - transactionsBefore);
        return new Result(jobs, runs, rate, jobsPerTransaction, PacedLatency.run(bootstrap, topics, AGENTS, door, rate / 2, window));
    }

    private double saturate(FrontDoor door, int jobs) throws Exception {
        return saturate(door, reported, jobs);
    }

    /** Floods {@code door} with {@code jobs} jobs; jobs ÷ (last report in {@code reported} − first submit). */
    static double saturate(FrontDoor door, Map<String, Long> reported, int jobs) throws Exception {
        long start = System.nanoTime();
        Set<String> ids = door.flood(jobs);
        return Kafkas.rate(ids, reported, start);
    }

    @Override
    public void close() throws Exception {
        try {
            watcher.close();
        } finally {
            stack.close();
        }
    }
}
