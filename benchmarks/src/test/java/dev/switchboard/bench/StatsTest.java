package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

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

    @Test
    void shouldTakeTheSustainedRateBetweenArrivalsWholeWavesApart() {
        long s = 1_000_000_000L;
        // waves of 2 every 1.25 s: 1.6/s; (n - 1) over first-to-last would say 5 / 2.55 s = 1.96/s
        List<Long> arrivals = List.of(0L, s / 20, 5 * s / 4, 5 * s / 4 + s / 20, 5 * s / 2, 5 * s / 2 + s / 20);
        assertThat(Stats.sustainedRate(arrivals, 2)).isCloseTo(1.6, offset(1e-9));
        assertThat(Stats.closestMillis(arrivals, 2)).isCloseTo(1250.0, offset(1e-9));
    }
}
