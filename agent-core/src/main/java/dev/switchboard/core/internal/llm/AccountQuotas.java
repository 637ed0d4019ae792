package dev.switchboard.core.internal.llm;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.core.config.LlmConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a gateway's {@link AccountQuota} comes from: its own, with the account's full limits (no broker),
 * or the process's one for the account, coordinated with every other process through the quota topic
 * (decision 0022) and given back when the JVM shuts down.
 */
final class AccountQuotas {
    private static final Logger log = LoggerFactory.getLogger(AccountQuotas.class);
    private static final ConcurrentMap<String, AccountQuota> COORDINATED = new ConcurrentHashMap<>();

    private AccountQuotas() {
    }

    /** The request limiter's window: one second plus the configured margin (decision 0002). */
    static Duration rateWindow(LlmConfig config) {
        return Duration.ofSeconds(1).plus(config.rateWindowMargin());
    }

    /** A quota of this process alone: the account's full limits. */
    static AccountQuota local(LlmConfig config) {
        SlidingWindowRateLimiter limiter = new SlidingWindowRateLimiter(config.requestsPerSecond(), rateWindow(config),
                System::nanoTime, Sleeper.SYSTEM);
        TokenWindow tokens = config.tokensPerMinute() > 0 ? TokenWindow.perMinute(config.tokensPerMinute()) : null;
        return new AccountQuota(new RetryAfterGate(System::nanoTime, Sleeper.SYSTEM), limiter, tokens);
    }

    /** The process's quota for the config's account, shared with every process of the account through {@code topic}. */
    static AccountQuota coordinated(LlmConfig config, KafkaSettings kafka, String topic, MeterRegistry registry) {
        String account = LlmAccount.of(config);
        AccountQuota quota = COORDINATED.computeIfAbsent(account, a -> start(a, config, kafka, topic, registry));
        if (quota.limiter().capacity() != config.requestsPerSecond()) {
            log.warn("LLM account quota for {} keeps its first limit ({} req/s); asked for {} req/s", config.provider().id(),
                    quota.limiter().capacity(), config.requestsPerSecond());
        }
        return quota;
    }

    private static AccountQuota start(String account, LlmConfig config, KafkaSettings kafka, String topic, MeterRegistry registry) {
        AccountQuota quota = local(config);
        QuotaCoordinator coordinator = new QuotaCoordinator(account,
                new QuotaLedger.Amounts(config.requestsPerSecond(), config.tokensPerMinute()), rateWindow(config),
                config.quotaHeartbeat(), kafka, topic, quota, new QuotaMetrics(registry, config.provider().id()));
        quota.onPause(coordinator::pause);
        Runtime.getRuntime().addShutdownHook(new Thread(coordinator::close, "llm-quota-release"));
        coordinator.start();
        return quota;
    }
}
