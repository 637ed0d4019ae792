package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StageBreakdownTest {
    private static final long MS = 1_000_000L;

    @Test
    void shouldCutEachJobIntoItsFourStagesAndTakeTheirPercentiles() {
        // Given 100 jobs: 202 after 10 ms, tasks visible 5 ms later, last result i ms later, report 100 ms after that
        List<StageBreakdown.Timeline> jobs = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            long t = 1_000 * MS * i;
            jobs.add(new StageBreakdown.Timeline(t, t + 10 * MS, t + 15 * MS, t + (15 + i) * MS, t + (115 + i) * MS));
        }

        // When
        StageBreakdown b = StageBreakdown.of(jobs);

        // Then every stage has its own figures, in path order, and they add up to the job's submit-to-report time
        assertThat(b.p50p99Ms().keySet()).containsExactlyElementsOf(StageBreakdown.STAGES);
        assertThat(b.p50p99Ms().get(StageBreakdown.STAGES.get(0))).containsExactly(10.0, 10.0);
        assertThat(b.p50p99Ms().get(StageBreakdown.STAGES.get(1))).containsExactly(5.0, 5.0);
        assertThat(b.p50p99Ms().get(StageBreakdown.STAGES.get(2))).containsExactly(50.0, 99.0);
        assertThat(b.p50p99Ms().get(StageBreakdown.STAGES.get(3))).containsExactly(100.0, 100.0);
        assertThat(jobs.get(41).stagesMs()).containsExactly(10.0, 5.0, 42.0, 100.0);
    }
}
