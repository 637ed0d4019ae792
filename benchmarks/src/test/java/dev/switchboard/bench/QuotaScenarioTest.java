package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class QuotaScenarioTest {

    @Test
    void shouldMeasureFromTheNegotiationOnUntilTheLastQueuedTaskWasTaken() {
        // Given accepted arrivals every 100 ms for 10 s
        long ms = 1_000_000L;
        List<Long> accepted = LongStream.range(0, 100).map(i -> 5_000 * ms + i * 100 * ms).boxed().toList();
        // When the window ends at the 80th (the last 20 tasks were already in the processes)
        List<Long> window = QuotaScenario.backlogWindow(accepted, 80);
        // Then it starts the negotiation time after the first arrival and ends at the 80th
        assertThat(window.get(0)).isEqualTo(accepted.get(0) + QuotaScenario.NEGOTIATION.toNanos());
        assertThat(window.get(window.size() - 1)).isEqualTo(accepted.get(79));
        assertThat(QuotaScenario.backlogWindow(List.of(), 80)).isEmpty();
        assertThat(QuotaScenario.backlogWindow(accepted, -5)).isEmpty();
    }
}
