package dev.switchboard.bench;

import dev.switchboard.orchestrator.ingress.IngressConfig;
import java.time.Duration;

/**
 * Scenario 8: the Kafka front door. The overhead scenario's stack and method ({@link FrontDoorBench}), jobs produced as
 * records to {@code switchboard.submissions}; saturated jobs/s (for {@code ingress_ratio}) and latency at half that rate.
 */
final class IngressScenario {
    private IngressScenario() {
    }

    static FrontDoorBench.Result run(String bootstrap, boolean quick) throws Exception {
        try (FrontDoorBench bench = FrontDoorBench.start(bootstrap);
             IngressFrontDoor door = new IngressFrontDoor(bootstrap, bench.topics().submissions(),
                     IngressConfig.DEFAULT.owner())) {
            return bench.measure(door, quick ? 3_000 : 10_000, Duration.ofSeconds(quick ? 10 : 30));
        }
    }
}
