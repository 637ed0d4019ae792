package dev.switchboard.core.internal.llm;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/** This process's share of its provider account's limits, its demand, and how many processes share the account. */
final class QuotaMetrics {
    private final AtomicLong shareRequests = new AtomicLong();
    private final AtomicLong shareTokens = new AtomicLong();
    private final AtomicLong demandRequests = new AtomicLong();
    private final AtomicLong members = new AtomicLong();
    private final AtomicLong coordinated = new AtomicLong();

    QuotaMetrics(MeterRegistry registry, String provider) {
        Gauge.builder("switchboard.llm.quota.share", shareRequests, AtomicLong::get).tag("provider", provider)
                .tag("limit", "requests").description("requests per second this process may send").register(registry);
        Gauge.builder("switchboard.llm.quota.share", shareTokens, AtomicLong::get).tag("provider", provider)
                .tag("limit", "tokens").description("tokens per minute this process may spend").register(registry);
        Gauge.builder("switchboard.llm.quota.demand", demandRequests, AtomicLong::get).tag("provider", provider)
                .description("requests this process sent in the last second plus those waiting").register(registry);
        Gauge.builder("switchboard.llm.quota.members", members, AtomicLong::get).tag("provider", provider)
                .description("processes sharing the account").register(registry);
        Gauge.builder("switchboard.llm.quota.coordinated", coordinated, AtomicLong::get).tag("provider", provider)
                .description("1 while this process follows the account's quota topic, 0 while it is (re)starting")
                .register(registry);
    }

    void coordinated(boolean following) {
        coordinated.set(following ? 1 : 0);
    }

    void share(QuotaLedger.Amounts share) {
        shareRequests.set(share.requests());
        shareTokens.set(share.tokens());
    }

    void demand(long requests) {
        demandRequests.set(requests);
    }

    void members(int count) {
        members.set(count);
    }

    /** Processes sharing the account, as last counted. */
    int members() {
        return (int) members.get();
    }
}
