package dev.switchboard.core.internal.llm;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * What one process may send on one provider account: the {@code Retry-After} gate, the request limiter and
 * the token window. Alone (no broker) they hold the account's full limits; coordinated, a
 * {@link QuotaCoordinator} sets them to this process's share and spreads pauses to every process.
 */
final class AccountQuota implements QuotaCoordinator.LocalShare {
    private final RetryAfterGate gate;
    private final SlidingWindowRateLimiter limiter;
    private final TokenWindow tokens;
    private volatile Consumer<Duration> pauseListener = d -> { };

    /** @param tokens {@code null}: no token budget */
    AccountQuota(RetryAfterGate gate, SlidingWindowRateLimiter limiter, TokenWindow tokens) {
        this.gate = gate;
        this.limiter = limiter;
        this.tokens = tokens;
    }

    RetryAfterGate gate() {
        return gate;
    }

    SlidingWindowRateLimiter limiter() {
        return limiter;
    }

    /** {@code null} when there is no token budget. */
    TokenWindow tokens() {
        return tokens;
    }

    /** Where a pause seen here goes besides the local gate (the coordinator writes it for the whole account). */
    void onPause(Consumer<Duration> listener) {
        this.pauseListener = listener;
    }

    /** The provider asked us to wait: close the gate here, and tell every process of the account. */
    void pause(Duration wait) {
        gate.closeFor(wait);
        pauseListener.accept(wait);
    }

    @Override
    public QuotaLedger.Amounts demand() {
        return new QuotaLedger.Amounts(limiter.demand(), tokens == null ? 0 : tokens.demand());
    }

    /**
     * The request limiter grants nothing past {@code validUntilNanos} by itself, even if the coordinator that should
     * renew or revoke the share is stuck; the token window's limit is set and revoked by the coordinator only.
     */
    @Override
    public void share(QuotaLedger.Amounts share, long validUntilNanos) {
        limiter.permits((int) Math.min(Integer.MAX_VALUE, share.requests()), validUntilNanos);
        if (tokens != null) {
            tokens.limit(share.tokens());
        }
    }

    /** Requests granted in the last window; tokens spent in the last minute plus those waiting (an upper bound). */
    @Override
    public QuotaLedger.Amounts used() {
        return new QuotaLedger.Amounts(limiter.used(), tokens == null ? 0 : tokens.demand());
    }

    @Override
    public QuotaLedger.Amounts current() {
        return new QuotaLedger.Amounts(limiter.permits(), tokens == null ? 0 : tokens.limit());
    }

    @Override
    public void closeGateFor(Duration wait) {
        gate.closeFor(wait);
    }
}
