package dev.switchboard.bench;

import dev.switchboard.contracts.topic.TopicCatalogue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The latency half of the overhead and deployed scenarios: jobs submitted at a fixed rate for a window, each one's
 * submit-to-report time and where it went ({@link StageBreakdown}): the 202, its tasks as a {@code read_committed}
 * reader sees them, its last agent result's own timestamp (the agent's send), its report as a {@code read_committed}
 * reader sees it.
 */
final class PacedLatency {
    /** @param rate the jobs/s asked for; @param sentRate the jobs/s actually submitted (jobs ÷ window) */
    record Result(double rate, int jobs, double sentRate, double p50, double p95, double p99, StageBreakdown stages) {
    }

    private PacedLatency() {
    }

    static Result run(String bootstrap, TopicCatalogue topics, List<String> agents, FrontDoor door, double rate, Duration window)
            throws Exception {
        // the agents' record timestamps are wall-clock milliseconds; everything else here is nanoTime
        long epochOffsetNanos = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        Map<String, Long> tasksVisible = new ConcurrentHashMap<>();
        Map<String, Long> lastResultSent = new ConcurrentHashMap<>();
        Map<String, Long> reported = Kafkas.newSeen();
        List<String> taskTopics = agents.stream().map(a -> topics.agent(a).tasks().name()).toList();
        try (Kafkas.Watcher tasks = new Kafkas.Watcher(bootstrap, taskTopics, r -> tasksVisible.merge(r.key(), System.nanoTime(), Math::max));
                Kafkas.Watcher results = new Kafkas.Watcher(bootstrap, List.of(topics.results().name()),
                        r -> lastResultSent.merge(r.key(), r.timestamp() * 1_000_000L - epochOffsetNanos, Math::max));
                Kafkas.Watcher reports = new Kafkas.Watcher(bootstrap, topics.reports().name(), reported::putIfAbsent)) {
            // the readers start from the topics' beginning: one job through all three shows they have caught up
            Set<String> probe = Set.copyOf(door.submitUnit());
            for (Map<String, Long> seen : List.of(tasksVisible, lastResultSent, reported)) {
                Kafkas.await(probe, seen, Duration.ofMinutes(2));
            }
            Map<String, long[]> submitted = submit(door, rate, window);
            for (Map<String, Long> seen : List.of(reported, tasksVisible, lastResultSent)) {
                Kafkas.await(submitted.keySet(), seen, Duration.ofMinutes(2));
            }
            List<Double> latencies = new ArrayList<>();
            List<StageBreakdown.Timeline> timelines = new ArrayList<>();
            submitted.forEach((id, t) -> {
                latencies.add((reported.get(id) - t[0]) / 1e6);
                timelines.add(new StageBreakdown.Timeline(t[0], t[1], tasksVisible.get(id), lastResultSent.get(id), reported.get(id)));
            });
            return new Result(rate, latencies.size(), latencies.size() / (window.toMillis() / 1e3), Stats.percentile(latencies, 50), Stats.percentile(latencies, 95),
                    Stats.percentile(latencies, 99), StageBreakdown.of(timelines));
        }
    }

    /**
     * Submits units of {@code door} at {@code rate} jobs/s for {@code window}; job id to {submitted, accepted} nanos. The clock only hands each submit
     * to a pool, so a slow submit does not delay the next (fixed-rate runs of one task never overlap).
     */
    private static Map<String, long[]> submit(FrontDoor door, double rate, Duration window) throws Exception {
        Map<String, long[]> submitted = new ConcurrentHashMap<>();
        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        ExecutorService submitters = Executors.newFixedThreadPool(16);
        ScheduledFuture<?> ticker = pace.scheduleAtFixedRate(() -> {
            long t = System.nanoTime();
            submitters.execute(() -> {
                try {
                    List<String> ids = door.submitUnit();
                    long accepted = System.nanoTime();
                    ids.forEach(id -> submitted.put(id, new long[] {t, accepted}));
                } catch (Exception e) {
                    // a job not submitted is not measured; the count shows it
                }
            });
        }, 0, (long) (1e9 * door.unit() / rate), TimeUnit.NANOSECONDS);
        Thread.sleep(window.toMillis());
        ticker.cancel(false);
        pace.shutdown();
        submitters.shutdown();
        submitters.awaitTermination(30, TimeUnit.SECONDS);
        return submitted;
    }
}
