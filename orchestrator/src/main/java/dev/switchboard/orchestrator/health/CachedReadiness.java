package dev.switchboard.orchestrator.health;

import dev.switchboard.observability.management.ReadinessChecks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * {@link ReadinessChecks} behind an unauthenticated endpoint: the checks (some make admin round trips to the broker)
 * run at most once per {@code ttl}; every request in between gets the last result. One caller re-evaluates at a time,
 * the others wait for its result instead of starting their own.
 */
public final class CachedReadiness {
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(1);

    private final ReadinessChecks checks;
    private final Clock clock;
    private final Duration ttl;
    private ReadinessChecks.Result last;
    private Instant evaluatedAt;

    public CachedReadiness(ReadinessChecks checks, Clock clock, Duration ttl) {
        this.checks = Objects.requireNonNull(checks);
        this.clock = Objects.requireNonNull(clock);
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("The readiness cache time must not be negative, was " + ttl);
        }
        this.ttl = ttl;
    }

    /** The last result while younger than the cache time, else a fresh one. */
    public synchronized ReadinessChecks.Result evaluate() {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(evaluatedAt.plus(ttl))) {
            last = checks.evaluate();
            evaluatedAt = now;
        }
        return last;
    }
}
