package dev.switchboard.core.internal.llm;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;

/**
 * Tokens per minute for one provider, as weighted permits of a resilience4j {@link RateLimiter}:
 * a call takes its estimated tokens (prompt plus requested output) before it leaves.
 */
final class TokenBudget {
    static final Duration MAX_WAIT = Duration.ofMinutes(2);
    private final RateLimiter limiter;
    private final int perMinute;

    private TokenBudget(RateLimiter limiter, int perMinute) {
        this.limiter = limiter;
        this.perMinute = perMinute;
    }

    /** {@code null} limiter means no budget. */
    static TokenBudget perMinute(String name, long tokensPerMinute) {
        if (tokensPerMinute <= 0) {
            return new TokenBudget(null, 0);
        }
        int limit = (int) Math.min(Integer.MAX_VALUE, tokensPerMinute);
        RateLimiter limiter = RateLimiter.of(name + "-tokens", RateLimiterConfig.custom()
                .limitForPeriod(limit)
                .limitRefreshPeriod(Duration.ofMinutes(1))
                .timeoutDuration(MAX_WAIT)
                .build());
        return new TokenBudget(limiter, limit);
    }

    /** Takes {@code tokens} from the budget, waiting up to {@link #MAX_WAIT}; false if they did not come. */
    boolean take(int tokens) {
        if (limiter == null) {
            return true;
        }
        return limiter.acquirePermission(Math.max(1, Math.min(tokens, perMinute)));
    }
}
