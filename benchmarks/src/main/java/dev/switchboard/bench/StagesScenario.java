package dev.switchboard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.topic.TopicCatalogue;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 6: the latency a second stage adds (decision 0030). Two no-op agents, {@value #SECOND} needing
 * {@value #FIRST} in a topics.yaml built here; a one-stage job asks for {@value #FIRST}, a two-stage job for
 * {@value #SECOND} (so it runs {@value #FIRST}, then {@value #SECOND} once the aggregator releases its task). Both kinds
 * go through the front door, submitted alternately at {@value #RATE} jobs/s, so they meet the same load; latency is
 * submit-to-report as a {@code read_committed} reader sees it. A warm-up of the same kind comes first.
 */
final class StagesScenario {
    static final String FIRST = "noop-first";
    static final String SECOND = "noop-second";
    /** Jobs per second, both kinds together: well below saturation, so the figures are latency, not queueing. */
    static final int RATE = 40;

    /** Submit-to-report milliseconds of each kind. */
    record Result(int jobsEach, List<Double> oneStage, List<Double> twoStages) {
        double oneP50() {
            return Stats.percentile(oneStage, 50);
        }

        double oneP99() {
            return Stats.percentile(oneStage, 99);
        }

        double twoP50() {
            return Stats.percentile(twoStages, 50);
        }

        double twoP99() {
            return Stats.percentile(twoStages, 99);
        }
    }

    private StagesScenario() {
    }

    static Result run(String bootstrap, boolean quick) throws Exception {
        TopicCatalogue topics = catalogue();
        try (BenchStack stack = BenchStack.start(KafkaSettings.of(bootstrap), topics, List.of(FIRST, SECOND))) {
            Map<String, Long> reported = Kafkas.newSeen();
            try (Kafkas.Watcher watcher = new Kafkas.Watcher(bootstrap, topics.reports().name(), reported::putIfAbsent)) {
                HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();
                pace(http, stack.baseUrl(), reported, Duration.ofSeconds(quick ? 10 : 20)); // warm-up
                return pace(http, stack.baseUrl(), reported, Duration.ofSeconds(quick ? 15 : 45));
            }
        }
    }

    /** The bundled topics.yaml plus the two no-op agents, the second needing the first. */
    static TopicCatalogue catalogue() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        ObjectNode file;
        try (InputStream in = TopicCatalogue.class.getResourceAsStream(TopicCatalogue.DEFAULT_FILE_NAME)) {
            file = (ObjectNode) yaml.readTree(in);
        }
        ObjectNode agents = (ObjectNode) file.get("agents");
        agents.putObject(FIRST).put("includeByDefault", false);
        agents.putObject(SECOND).put("includeByDefault", false).putArray("needs").add(FIRST);
        return TopicCatalogue.parse(yaml.writeValueAsString(file));
    }

    /**
     * Submits one-stage and two-stage jobs alternately at {@link #RATE} for {@code window}, waits for every report, and
     * checks that the two-stage jobs' reports hold the second stage's answer.
     */
    private static Result pace(HttpClient http, String baseUrl, Map<String, Long> reported, Duration window) throws Exception {
        String url = baseUrl + "/v1/jobs";
        String[] bodies = {"{\"document\":\"benchmark\",\"agents\":[\"" + FIRST + "\"]}",
                "{\"document\":\"benchmark\",\"agents\":[\"" + SECOND + "\"]}"};
        List<Map<String, Long>> submitted = List.of(new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        AtomicLong sent = new AtomicLong();
        // the clock only hands each submit to a pool: a slow submit must not delay the next (fixed-rate runs never overlap)
        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        ExecutorService submitters = Executors.newFixedThreadPool(8);
        ScheduledFuture<?> ticker = pace.scheduleAtFixedRate(() -> {
            int kind = (int) (sent.getAndIncrement() % 2);
            long t = System.nanoTime();
            submitters.execute(() -> {
                try {
                    submitted.get(kind).put(BenchStack.submit(http, url, bodies[kind]), t);
                } catch (Exception e) {
                    // a job not submitted is not measured; the count shows it
                }
            });
        }, 0, 1_000_000_000L / RATE, TimeUnit.NANOSECONDS);
        Thread.sleep(window.toMillis());
        ticker.cancel(false);
        pace.shutdown();
        submitters.shutdown();
        submitters.awaitTermination(30, TimeUnit.SECONDS);
        List<List<Double>> latencies = new ArrayList<>();
        for (Map<String, Long> kind : submitted) {
            Kafkas.await(kind.keySet(), reported, Duration.ofMinutes(2));
            List<Double> ms = new ArrayList<>();
            kind.forEach((id, t) -> ms.add((reported.get(id) - t) / 1e6));
            latencies.add(ms);
        }
        requireSecondStage(http, baseUrl, submitted.get(1).keySet().iterator().next());
        return new Result(Math.min(latencies.get(0).size(), latencies.get(1).size()), latencies.get(0), latencies.get(1));
    }

    /** A two-stage job's report must be COMPLETED with the second stage's OK answer: else the figure measures nothing. */
    private static void requireSecondStage(HttpClient http, String baseUrl, String jobId) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/jobs/" + jobId + "/report")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Report report = Json.fromString(r.body(), Report.class);
        if (report.status() != Report.Status.COMPLETED || report.results().get(SECOND) == null
                || !report.results().get(SECOND).isOk()) {
            throw new IllegalStateException("a two-stage job's report lacks the second stage: " + r.body());
        }
    }
}
