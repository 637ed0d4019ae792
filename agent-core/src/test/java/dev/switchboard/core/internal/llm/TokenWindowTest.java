package dev.switchboard.core.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenWindowTest {
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final TokenWindow window = new TokenWindow(1_000, nanos::get,
            millis -> nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis)));

    @Test
    void shouldHoldWhatWasReallySpentOnceSettled() throws Exception {
        // Given 1000 tokens a minute and a call estimated at 800 that really used 200
        TokenWindow.Reservation first = window.reserve(800, Duration.ZERO);
        window.settle(first, 200);

        // When another call wants 700 at once
        TokenWindow.Reservation second = window.reserve(700, Duration.ZERO);

        // Then it fits (200 + 700), and one more of 200 does not until the minute has passed
        assertThat(second).isNotNull();
        assertThat(window.reserve(200, Duration.ZERO)).isNull();
        long before = nanos.get();
        assertThat(window.reserve(200, Duration.ofMinutes(2))).isNotNull();
        assertThat(nanos.get() - before).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(59));
    }

    @Test
    void shouldFollowItsShareAndBlockAtZero() throws Exception {
        // Given the share drops to 0
        window.limit(0);

        // Then nothing is reserved within the bound, and it flows again when the share comes back
        assertThat(window.reserve(10, Duration.ofMillis(200))).isNull();
        window.limit(50);
        assertThat(window.reserve(100, Duration.ZERO).tokens()).isEqualTo(50);
    }
}
