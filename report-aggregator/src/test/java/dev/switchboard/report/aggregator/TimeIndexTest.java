package dev.switchboard.report.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimeIndexTest {
    @Test
    void shouldPadMillisSoKeysSortByTimeAndParseBack() {
        String early = TimeIndex.key(999L, TimeIndex.Kind.DEADLINE, "job-a");
        String late = TimeIndex.key(1_764_000_000_000L, TimeIndex.Kind.CLEANUP, "job-b");

        assertThat(early).isEqualTo("0000000000999|DEADLINE|job-a");
        assertThat(early).isLessThan(late);
        assertThat(TimeIndex.parse(late)).isEqualTo(new TimeIndex.Entry(1_764_000_000_000L, TimeIndex.Kind.CLEANUP, "job-b"));
    }

    @Test
    void shouldBoundARangeScanToWhatIsDue() {
        assertThat(TimeIndex.from()).isEqualTo("0000000000000|");
        assertThat(TimeIndex.key(1_000L, TimeIndex.Kind.ORPHAN, "x")).isLessThan(TimeIndex.upTo(1_000L));
        assertThat(TimeIndex.key(1_001L, TimeIndex.Kind.ORPHAN, "x")).isGreaterThan(TimeIndex.upTo(1_000L));
        assertThat(TimeIndex.key(-5L, TimeIndex.Kind.ORPHAN, "x")).startsWith("0000000000000|");
    }

    @Test
    void shouldSaturateTimesThatThirteenDigitsCannotHold() {
        assertThat(TimeIndex.key(java.time.Instant.MAX, TimeIndex.Kind.DEADLINE, "x")).startsWith("9999999999999|");
        assertThat(TimeIndex.key(java.time.Instant.MIN, TimeIndex.Kind.DEADLINE, "x")).startsWith("0000000000000|");
        assertThat(TimeIndex.key(Long.MAX_VALUE, TimeIndex.Kind.DEADLINE, "x")).isLessThan(TimeIndex.upTo(Long.MAX_VALUE));
    }
}
