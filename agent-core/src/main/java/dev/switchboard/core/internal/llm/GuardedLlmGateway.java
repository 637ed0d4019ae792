package dev.switchboard.core.internal.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.switchboard.core.AgentTask;
import dev.switchboard.core.runtime.LlmGateway;
import dev.switchboard.core.OfflineModel;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.core.config.LlmProvider;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Objects;

/**
 * The process's gateway to one provider. Network providers get one {@link ProviderGuard} (gate,
 * limiter, budget, breaker, retry) and one langchain4j model, shared by every client. Offline,
 * each agent's analyzer answers through an {@link OfflineChatModel}, with no guard: nothing leaves
 * the process.
 */
public final class GuardedLlmGateway implements LlmGateway {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(GuardedLlmGateway.class);
    /** One gateway per provider endpoint (and quota topic) per process, closed with its last hold (see {@link LlmGateway#shared}). */
    private static final SharedInstances<GuardedLlmGateway> SHARED = new SharedInstances<>(GuardedLlmGateway::close);
    private final LlmConfig config;
    private final LlmMetrics metrics;
    private final ProviderGuard guard;
    private final ChatModel networkModel;
    private final TimeBudget offlineBudget;
    /** Whether this gateway's provider takes a JSON Schema; remembers a refusal for every later call (decision 0029). */
    private final SchemaSupport schemas;
    /** The hold on the account's coordinated quota, given back on close; {@code null}: this gateway's own limits. */
    private final AutoCloseable quotaHold;

    public GuardedLlmGateway(LlmConfig config, MeterRegistry registry) {
        this(config, registry, Clock.systemUTC());
    }

    GuardedLlmGateway(LlmConfig config, MeterRegistry registry, Clock clock) {
        this(config, registry, clock, null);
    }

    /** @param quota the account's quota, shared through Kafka (decision 0022); {@code null}: this gateway's own, full limits */
    GuardedLlmGateway(LlmConfig config, MeterRegistry registry, Clock clock, AccountQuota quota) {
        this(config, registry, clock, quota, null);
    }

    private GuardedLlmGateway(LlmConfig config, MeterRegistry registry, Clock clock, AccountQuota quota, AutoCloseable quotaHold) {
        this.quotaHold = quotaHold;
        this.config = Objects.requireNonNull(config, "config");
        this.metrics = new LlmMetrics(registry, config.provider().id());
        this.offlineBudget = new TimeBudget(config.timeout());
        this.schemas = new SchemaSupport(config, metrics);
        if (config.provider() == LlmProvider.OFFLINE) {
            this.guard = null;
            this.networkModel = null;
        } else {
            AccountQuota account = quota != null ? quota : AccountQuotas.local(config);
            this.guard = new ProviderGuard(config, metrics, account.tokens());
            Admission admission = new Admission(account, metrics::recordWait, Admission.MAX_SHARE_WAIT, AccountQuotas.rateWindow(config));
            this.networkModel = ChatModels.network(config, new GatedHttpClientBuilder(admission, clock));
        }
    }

    public static LlmGateway shared(LlmConfig config, MeterRegistry registry) {
        return shared(config, null, null, registry);
    }

    /**
     * The process's gateway for the config's endpoint and model; with {@code kafka} and {@code quotaTopic}, its
     * limits are a share of the account's, coordinated with every other process of the account (decision 0022).
     */
    public static LlmGateway shared(LlmConfig config, dev.switchboard.contracts.config.KafkaSettings kafka, String quotaTopic,
                                    MeterRegistry registry) {
        boolean coordinated = kafka != null && quotaTopic != null && config.provider() != LlmProvider.OFFLINE;
        String key = config.provider().id() + "|" + config.baseUrl() + "|" + config.model()
                + (coordinated ? "|quota|" + kafka.bootstrapServers() + "|" + quotaTopic : "");
        GatewayLease lease = new GatewayLease(SHARED.acquire(key, () -> coordinated ? withQuota(config, kafka, quotaTopic, registry)
                : new GuardedLlmGateway(config, registry, Clock.systemUTC())));
        GuardedLlmGateway gateway = lease.gateway();
        if (gateway.config.requestsPerSecond() != config.requestsPerSecond()
                || gateway.config.tokensPerMinute() != config.tokensPerMinute()) {
            log.warn("LLM gateway for {} is shared and keeps its first limits ({} req/s, {} tokens/min); asked for {} req/s, {} tokens/min",
                    config.provider().id(), gateway.config.requestsPerSecond(), gateway.config.tokensPerMinute(),
                    config.requestsPerSecond(), config.tokensPerMinute());
        }
        return lease;
    }

    private static GuardedLlmGateway withQuota(LlmConfig config, dev.switchboard.contracts.config.KafkaSettings kafka, String quotaTopic,
                                               MeterRegistry registry) {
        SharedInstances.Holder<AccountQuotas.Coordinated> hold = AccountQuotas.coordinated(config, kafka, quotaTopic, registry);
        try {
            return new GuardedLlmGateway(config, registry, Clock.systemUTC(), hold.value().quota(), hold);
        } catch (RuntimeException e) {
            hold.close();
            throw e;
        }
    }

    /**
     * Another hold on {@code gateway} when it is the process's shared one (an {@link dev.switchboard.core.runtime.AgentWorker} holds it until it has
     * drained, so the last worker to close gives the account's quota back); {@code null} for any other gateway, whose
     * creator closes it.
     */
    public static LlmGateway retain(LlmGateway gateway) {
        if (gateway instanceof GatewayLease lease) {
            SharedInstances.Holder<GuardedLlmGateway> hold = SHARED.retain(lease.hold());
            return hold == null ? null : new GatewayLease(hold);
        }
        return null;
    }

    @Override
    public LlmConfig config() {
        return config;
    }

    @Override
    public Client client(AgentTask task, OfflineModel<?> offlineModel) {
        TaskData data = task instanceof TaskData d ? d : null;
        dev.switchboard.contracts.message.Budget budget = data == null ? null : data.budget();
        TaskJournal journal = data == null ? TaskJournal.NONE : data.journal();
        if (guard == null) {
            // offline calls are free: nothing to journal or replay
            return new TaskLlmClient(new OfflineChatModel(task, offlineModel, offlineBudget), null, config, metrics,
                    task.agent(), budget, journal.withoutStore(), schemas);
        }
        return new TaskLlmClient(networkModel, guard.until(task.deadline()), config, metrics, task.agent(), budget, journal,
                schemas);
    }

    @Override
    public void close() {
        // the JDK HTTP client and resilience4j objects hold no resources that need closing; the quota's coordinator does
        if (quotaHold != null) {
            try {
                quotaHold.close();
            } catch (Exception e) {
                log.warn("LLM quota hold for {} not closed", config.provider().id(), e);
            }
        }
    }
}
