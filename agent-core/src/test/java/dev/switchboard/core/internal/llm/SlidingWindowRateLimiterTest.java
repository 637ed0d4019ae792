package dev.switchboard.core.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SlidingWindowRateLimiterTest {

    /** A clock that only moves when the limiter sleeps, plus optional work between calls. */
    private static final class FakeTime {
        final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        long now() {
            return nanos.get();
        }

        void sleep(long millis) {
            nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
        }
    }

    @Test
    void shouldNeverGrantMoreThanTheLimitInAnySlidingWindow() throws Exception {
        // Given 5 permits per second and callers that arrive at uneven times
        FakeTime time = new FakeTime();
        SlidingWindowRateLimiter limiter = new SlidingWindowRateLimiter(5, Duration.ofSeconds(1), time::now, time::sleep);
        List<Long> grants = new ArrayList<>();

        // When 60 permits are taken, with pauses that straddle window boundaries
        for (int i = 0; i < 60; i++) {
            if (i % 7 == 0) {
                time.sleep(930);
            }
            limiter.acquire();
            grants.add(time.now());
        }

        // Then every window of one second, starting at any grant, holds at most 5 grants
        for (int i = 0; i < grants.size(); i++) {
            long start = grants.get(i);
            long inWindow = grants.stream().filter(g -> g >= start && g < start + 1_000_000_000L).count();
            assertThat(inWindow).as("grants in the second after grant %d", i).isLessThanOrEqualTo(5);
        }
    }

    @Test
    void shouldSpreadABurstFromIdleOverHalfAWindow() throws Exception {
        // 4 permits per second: grants at least 125 ms apart, the fifth a full second after the first
        FakeTime time = new FakeTime();
        SlidingWindowRateLimiter limiter = new SlidingWindowRateLimiter(4, Duration.ofSeconds(1), time::now, time::sleep);
        long start = time.now();
        List<Long> grants = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            limiter.acquire();
            grants.add((time.now() - start) / 1_000_000);
        }

        assertThat(grants).containsExactly(0L, 125L, 250L, 375L, 1000L);
    }

    @Test
    void shouldKeepTheRateUnderAFixedCycleBoundaryBurst() throws Exception {
        // A fixed-cycle limiter lets 5 through at t=0.99s and 5 more at t=1.0s; this one does not.
        FakeTime time = new FakeTime();
        SlidingWindowRateLimiter limiter = new SlidingWindowRateLimiter(5, Duration.ofSeconds(1), time::now, time::sleep);
        time.sleep(990);
        long first = time.now();
        for (int i = 0; i < 5; i++) {
            limiter.acquire();
        }
        time.sleep(10);
        limiter.acquire();
        assertThat(time.now() - first).isGreaterThanOrEqualTo(1_000_000_000L);
    }

    @Test
    void shouldKeepAShrunkShareInEveryWindowAndBlockAtZero() throws Exception {
        // Given a capacity of 8 per second, sending at 8, then the share shrinks to 3
        FakeTime time = new FakeTime();
        SlidingWindowRateLimiter limiter = new SlidingWindowRateLimiter(8, Duration.ofSeconds(1), time::now, time::sleep);
        List<Long> grants = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            limiter.acquire();
            grants.add(time.now());
        }
        limiter.permits(3);
        long shrunkAt = time.now();
        for (int i = 0; i < 9; i++) {
            limiter.acquire();
            grants.add(time.now());
        }

        // Then no window that starts after the shrink holds more than 3 grants
        for (long start : grants) {
            if (start >= shrunkAt) {
                long inWindow = grants.stream().filter(g -> g >= start && g < start + 1_000_000_000L).count();
                assertThat(inWindow).isLessThanOrEqualTo(3);
            }
        }

        // And with no share at all a caller gets nothing within its bound
        limiter.permits(0);
        long before = time.now();
        assertThat(limiter.acquire(Duration.ofMillis(300))).isNull();
        assertThat(time.now() - before).isGreaterThanOrEqualTo(300_000_000L);
    }

    @Test
    void shouldGrantNothingPastTheShareLeaseEvenIfNobodyRevokesIt() throws Exception {
        // Given a process's quota whose coordinator gave it 3 requests per second for a lease of 2 s, then got stuck
        FakeTime time = new FakeTime();
        SlidingWindowRateLimiter limiter = new SlidingWindowRateLimiter(8, Duration.ofSeconds(1), time::now, time::sleep);
        AccountQuota quota = new AccountQuota(new RetryAfterGate(time::now, time::sleep), limiter, null);
        quota.share(new QuotaLedger.Amounts(3, 0), time.now() + 2_000_000_000L);

        // When callers come within the lease, and after it
        assertThat(limiter.acquire(Duration.ofMillis(100))).isNotNull();
        time.sleep(2_000);
        SlidingWindowRateLimiter.Permit late = limiter.acquire(Duration.ofMillis(500));

        // Then the first is granted, and past the lease nothing is, and the quota says it holds nothing
        assertThat(late).isNull();
        assertThat(quota.current().requests()).isZero();

        // And a renewed share grants again
        quota.share(new QuotaLedger.Amounts(3, 0), time.now() + 2_000_000_000L);
        assertThat(limiter.acquire(Duration.ofMillis(100))).isNotNull();
    }
}
