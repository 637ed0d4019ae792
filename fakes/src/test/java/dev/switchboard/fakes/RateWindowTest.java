package dev.switchboard.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateWindowTest {
    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final RateWindow window = new RateWindow(3, now::get);

    @Test
    void shouldRefuseTheArrivalThatWouldMakeOneMoreThanTheLimitWithinASecond() {
        // Given three accepted arrivals 100 ms apart
        for (int i = 0; i < 3; i++) {
            assertThat(window.admit().accepted()).isTrue();
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
        }
        // When a fourth arrives 300 ms after the first
        RateWindow.Admission fourth = window.admit();
        // Then it is refused, nothing remains, and the window frees up when the first is a second old
        assertThat(fourth.accepted()).isFalse();
        assertThat(fourth.remaining()).isZero();
        assertThat(fourth.resetNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(700));
    }

    @Test
    void shouldNotCountRefusedArrivalsAndAcceptAgainOnceTheOldestIsASecondOld() {
        // Given a full window and a refused arrival
        window.admit();
        window.admit();
        window.admit();
        assertThat(window.admit().accepted()).isFalse();
        // When the first accepted arrival is exactly 1000 ms old
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1000));
        // Then exactly one more fits: the refused one did not take a place
        assertThat(window.admit().accepted()).isTrue();
        assertThat(window.admit().accepted()).isTrue();
        assertThat(window.admit().accepted()).isTrue();
        assertThat(window.admit().accepted()).isFalse();
    }
}
