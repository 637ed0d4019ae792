package dev.switchboard.core.internal.llm;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.core.config.LlmConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a gateway's {@link AccountQuota} comes from: its own, with the account's full limits (no broker),
 * or the process's one for the account on a quota topic (Kafka bootstrap, topic and account), coordinated with
 * every other process through that topic (decision 0022), held by the gateways that use it and given back when the
 * last of them closes: after the workers drained (AgentWorker closes its gateway after its runtime), never from a
 * shutdown hook of its own that would race the drain. What is never closed is given back by the lease running out.
 */
final class AccountQuotas {
    private static final Logger log = LoggerFactory.getLogger(AccountQuotas.class);
    private static final SharedInstances<Coordinated> COORDINATED = new SharedInstances<>(c -> c.coordinator().close());

    /** A quota and the coordinator that keeps it at this process's share. */
    record Coordinated(AccountQuota quota, QuotaCoordinator coordinator) {
    }

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

    /**
     * A hold on the process's quota for the config's account, shared with every process of the account through
     * {@code topic}; closing the last hold gives the share back and stops the coordinator.
     */
    static SharedInstances.Holder<Coordinated> coordinated(LlmConfig config, KafkaSettings kafka, String topic, MeterRegistry registry) {
        String account = LlmAccount.of(config);
        SharedInstances.Holder<Coordinated> hold = COORDINATED.acquire(kafka.bootstrapServers() + "|" + topic + "|" + account,
                () -> start(account, config, kafka, topic, registry));
        AccountQuota quota = hold.value().quota();
        if (quota.limiter().capacity() != config.requestsPerSecond()) {
            log.warn("LLM account quota for {} keeps its first limit ({} req/s); asked for {} req/s", config.provider().id(),
                    quota.limiter().capacity(), config.requestsPerSecond());
        }
        return hold;
    }

    /** Every account quota this process coordinates now. */
    static java.util.List<Coordinated> open() {
        return COORDINATED.values();
    }

    /** True while some gateway holds the quota of this account on this topic (tests: nothing leaks). */
    static boolean isRunning(LlmConfig config, KafkaSettings kafka, String topic) {
        return COORDINATED.isOpen(kafka.bootstrapServers() + "|" + topic + "|" + LlmAccount.of(config));
    }

    private static Coordinated start(String account, LlmConfig config, KafkaSettings kafka, String topic, MeterRegistry registry) {
        AccountQuota quota = local(config);
        QuotaCoordinator coordinator = new QuotaCoordinator(account,
                new QuotaLedger.Amounts(config.requestsPerSecond(), config.tokensPerMinute()), rateWindow(config),
                config.quotaHeartbeat(), kafka, topic, quota, new QuotaMetrics(registry, config.provider().id()));
        quota.onPause(coordinator::pause);
        coordinator.start();
        return new Coordinated(quota, coordinator);
    }
}
