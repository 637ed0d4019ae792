package dev.switchboard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scenario 1: no-op agents, three per job, everything through the front door (HTTP, transactional
 * fan-out, agent runtime, exactly-once aggregator), one HTTP request per job ({@link FrontDoorBench}'s method), and
 * the HTTP ceiling: the cheapest endpoint's requests/s from the same clients.
 */
final class OverheadScenario {
    /** @param httpCeiling requests/s of the orchestrator's cheapest endpoint from the same clients: the most any one-request-per-job front door can take here */
    record Result(int jobs, List<Double> runs, double jobsPerSecond, double jobsPerTransaction, double halfRate, double sentRate, double p50, double p95, double p99, double httpCeiling) {
    }

    static final int RUNS = FrontDoorBench.RUNS;
    static final int SUBMITTERS = 48;

    static Result run(String bootstrap, boolean quick) throws Exception {
        int jobs = quick ? 1000 : 5000;
        try (FrontDoorBench bench = FrontDoorBench.start(bootstrap)) {
            HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();
            // SUBMITTERS concurrent submitters as fast as the API takes them (16 left the CPU idle between commits,
            // 128 lost to contention)
            ExecutorService submitters = Executors.newFixedThreadPool(SUBMITTERS);
            try {
                FrontDoorBench.Result r = bench.measure(new HttpFrontDoor(http, bench.stack().baseUrl(), submitters), jobs,
                        Duration.ofSeconds(quick ? 10 : 30));
                String live = bench.stack().baseUrl() + "/health/live";
                int probes = quick ? 20_000 : 60_000;
                httpRate(http, live, submitters, probes); // warm-up
                double ceiling = httpRate(http, live, submitters, probes);
                return new Result(jobs, r.runs(), r.jobsPerSecond(), r.jobsPerTransaction(), r.halfRate(), r.latency().sentRate(), r.p50(), r.p95(), r.p99(),
                        ceiling);
            } finally {
                submitters.shutdown();
            }
        }
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
