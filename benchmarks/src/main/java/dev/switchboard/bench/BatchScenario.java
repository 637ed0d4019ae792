package dev.switchboard.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Scenario 9: batch submit. The overhead scenario's stack and method ({@link FrontDoorBench}), jobs sent
 * {@value BatchFrontDoor#BATCH} per {@code POST /v1/jobs:batch}; saturated jobs/s (for {@code batch_ratio}) and latency
 * at half that rate, a batch sent every {@value BatchFrontDoor#BATCH} ÷ rate seconds.
 */
final class BatchScenario {
    private BatchScenario() {
    }

    static FrontDoorBench.Result run(String bootstrap, boolean quick) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(BatchFrontDoor.CONCURRENT);
        try (FrontDoorBench bench = FrontDoorBench.start(bootstrap)) {
            HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
            return bench.measure(new BatchFrontDoor(http, bench.stack().baseUrl(), senders), quick ? 3_000 : 10_000,
                    Duration.ofSeconds(quick ? 10 : 30));
        } finally {
            senders.shutdown();
        }
    }
}
