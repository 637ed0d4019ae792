package dev.switchboard.core.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void shouldReadDelaySeconds() {
        assertThat(RetryAfter.parse("2", clock)).contains(Duration.ofSeconds(2));
        assertThat(RetryAfter.parse("0.5", clock)).contains(Duration.ofMillis(500));
    }

    @Test
    void shouldReadAnHttpDate() {
        assertThat(RetryAfter.parse("Sat, 28 Nov 2026 12:00:30 GMT", clock)).contains(Duration.ofSeconds(30));
    }

    @Test
    void shouldIgnoreGarbageAndCapAbsurdWaits() {
        assertThat(RetryAfter.parse("soon", clock)).isEmpty();
        assertThat(RetryAfter.parse("-3", clock)).isEmpty();
        assertThat(RetryAfter.parse("999999", clock)).contains(RetryAfter.MAX);
    }

    @Test
    void shouldFindTheHeaderWhateverItsCase() {
        assertThat(RetryAfter.from(Map.of("retry-after", List.of("3")), clock)).contains(Duration.ofSeconds(3));
        assertThat(RetryAfter.from(Map.of("Content-Type", List.of("x")), clock)).isEmpty();
    }
}
