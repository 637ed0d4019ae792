package dev.switchboard.core.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {

    @Test
    void shouldReadOpenAiDurations() {
        assertThat(RateLimitHeaders.parse("1s")).contains(Duration.ofSeconds(1));
        assertThat(RateLimitHeaders.parse("6m0s")).contains(Duration.ofMinutes(6));
        assertThat(RateLimitHeaders.parse("20ms")).contains(Duration.ofMillis(20));
        assertThat(RateLimitHeaders.parse("1.5s")).contains(Duration.ofMillis(1_500));
        assertThat(RateLimitHeaders.parse("soon")).isEmpty();
        assertThat(RateLimitHeaders.parse("5s later")).isEmpty();
    }

    @Test
    void shouldPauseOnlyWhenARemainingCountIsZero() {
        // Given requests left but tokens exhausted for 6 minutes
        Map<String, List<String>> headers = Map.of("X-RateLimit-Remaining-Requests", List.of("12"),
                "x-ratelimit-reset-requests", List.of("1s"), "x-ratelimit-remaining-tokens", List.of("0"),
                "x-ratelimit-reset-tokens", List.of("6m0s"));

        // Then the account is exhausted until the tokens reset; with both left, not at all
        assertThat(RateLimitHeaders.exhausted(headers)).contains(Duration.ofMinutes(6));
        assertThat(RateLimitHeaders.exhausted(Map.of("x-ratelimit-remaining-requests", List.of("3"),
                "x-ratelimit-reset-requests", List.of("20ms")))).isEmpty();
    }
}
