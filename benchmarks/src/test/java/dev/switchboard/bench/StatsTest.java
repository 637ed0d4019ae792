package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void shouldTakeNearestRankPercentiles() {
        List<Double> v = List.of(5.0, 1.0, 3.0, 2.0, 4.0, 6.0, 7.0, 8.0, 9.0, 10.0);
        assertThat(Stats.percentile(v, 50)).isEqualTo(5.0);
        assertThat(Stats.percentile(v, 99)).isEqualTo(10.0);
        assertThat(Stats.percentile(List.of(), 50)).isNaN();
    }

    @Test
    void shouldCountArrivalsThatBreakTheRateInAnySlidingSecond() {
        long s = 1_000_000_000L;
        // 3 per second allowed: the 4th arrival within 0.9 s breaks it, the one 1 s after the first does not
        assertThat(Stats.overLimit(List.of(0L, s / 10, s / 5, 9 * s / 10), 3)).isEqualTo(1);
        assertThat(Stats.overLimit(List.of(0L, s / 10, s / 5, s), 3)).isZero();
    }
}
