package dev.switchboard.bench;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.topic.TopicCatalogue;
import io.micrometer.core.instrument.DistributionSummary;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 1: no-op agents, three per job, everything through the front door (HTTP, transactional
 * fan-out, agent runtime, exactly-once aggregator). Saturated jobs/s, then latency at half that rate.
 */
final class OverheadScenario {
    /** @param httpCeiling requests/s of the orchestrator's cheapest endpoint from the same clients: the most any one-request-per-job front door can take here */
    record Result(int jobs, List<Double> runs, double jobsPerSecond, double jobsPerTransaction, double halfRate, double p50, double p95, double p99, double httpCeiling) {
    }

    static final int WARMUP_RUNS = 3;
    static final int RUNS = 3;
    static final int SUBMITTERS = 48;
    private static final List<String> AGENTS = List.of("noop-a", "noop-b", "noop-c");

    static Result run(String bootstrap, boolean quick) throws Exception {
        int jobs = quick ? 1000 : 5000;
        Duration latencyWindow = Duration.ofSeconds(quick ? 10 : 30);
        TopicCatalogue topics = TopicCatalogue.bundled();
        for (String a : AGENTS) {
            topics = topics.withAgent(a);
        }
        try (BenchStack stack = BenchStack.start(KafkaSettings.of(bootstrap), topics, AGENTS)) {
            DistributionSummary batches = stack.orchestratorMetrics().get("switchboard.orchestrator.fanout.batch.jobs").summary();
            Map<String, Long> reported = Kafkas.newSeen();
            try (Kafkas.Watcher watcher = new Kafkas.Watcher(bootstrap, topics.reports().name(), reported::putIfAbsent)) {
                String url = stack.baseUrl() + "/v1/jobs";
                HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();
                String body = "{\"document\":\"benchmark\",\"agents\":[\"noop-a\",\"noop-b\",\"noop-c\"]}";

                // a warm-up three runs long (one JVM holds broker, services and clients, and on 2 cores its JIT was still
                // compiling for a quarter of the CPU after one run's worth), then saturation: SUBMITTERS concurrent
                // submitters as fast as the API takes them (16 left the CPU idle between commits, 128 lost to contention),
                // the median of RUNS runs
                ExecutorService submitters = Executors.newFixedThreadPool(SUBMITTERS);
                saturate(http, url, body, submitters, reported, WARMUP_RUNS * jobs);
                List<Double> runs = new ArrayList<>();
                long transactionsBefore = batches.count();
                double jobsBefore = batches.totalAmount();
                for (int i = 0; i < RUNS; i++) {
                    runs.add(saturate(http, url, body, submitters, reported, jobs));
                }
                double rate = Stats.percentile(runs, 50);
                double jobsPerTransaction = (batches.totalAmount() - jobsBefore) / (batches.count() - transactionsBefore);

                // latency at half the saturated rate
                double half = rate / 2;
                Map<String, Long> submittedAt = new ConcurrentHashMap<>();
                ScheduledExecutorService pace = Executors.newScheduledThreadPool(8);
                long periodNanos = (long) (1e9 / half);
                java.util.concurrent.ScheduledFuture<?> ticker = pace.scheduleAtFixedRate(() -> {
                    long t = System.nanoTime();
                    try {
                        submittedAt.put(BenchStack.submit(http, url, body), t);
                    } catch (Exception e) {
                        // counted as missing below
                    }
                }, 0, periodNanos, TimeUnit.NANOSECONDS);
                Thread.sleep(latencyWindow.toMillis());
                ticker.cancel(false);
                pace.shutdown();
                pace.awaitTermination(30, TimeUnit.SECONDS);
                Kafkas.await(submittedAt.keySet(), reported, Duration.ofMinutes(2));
                List<Double> latencies = new ArrayList<>();
                submittedAt.forEach((id, t) -> latencies.add((reported.get(id) - t) / 1e6));
                String live = stack.baseUrl() + "/health/live";
                int probes = quick ? 20_000 : 60_000;
                httpRate(http, live, submitters, probes); // warm-up
                double ceiling = httpRate(http, live, submitters, probes);
                submitters.shutdown();
                return new Result(jobs, runs, rate, jobsPerTransaction, half, Stats.percentile(latencies, 50), Stats.percentile(latencies, 95),
                        Stats.percentile(latencies, 99), ceiling);
            }
        }
    }

    /** Submits {@code jobs} jobs from the submitter pool and returns jobs ÷ (last report − first submit). */
    private static double saturate(HttpClient http, String url, String body, ExecutorService submitters, Map<String, Long> reported,
            int jobs) throws Exception {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        long start = System.nanoTime();
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            sent.add(submitters.submit(() -> ids.add(BenchStack.submit(http, url, body))));
        }
        for (Future<?> f : sent) {
            f.get();
        }
        return Kafkas.rate(ids, reported, start);
    }

    /** GETs {@code url} {@code requests} times from the submitter pool; requests per second. */
    private static double httpRate(HttpClient http, String url, ExecutorService submitters, int requests) throws Exception {
        HttpRequest get = HttpRequest.newBuilder(URI.create(url)).GET().build();
        long start = System.nanoTime();
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            sent.add(submitters.submit(() -> {
                HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(url + " answered " + r.statusCode());
                }
                return null;
            }));
        }
        for (Future<?> f : sent) {
            f.get();
        }
        return requests / ((System.nanoTime() - start) / 1e9);
    }
}
