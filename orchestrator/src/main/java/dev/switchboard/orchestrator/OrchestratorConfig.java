package dev.switchboard.orchestrator;

import dev.switchboard.contracts.config.ConfigException;
import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.Secret;
import dev.switchboard.contracts.config.Setting;
import dev.switchboard.contracts.message.Budget;
import dev.switchboard.orchestrator.ingress.IngressConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Immutable settings of the orchestrator. Read with {@link #from(ConfigSource)}; built with {@link #custom()} or
 * {@link #from(OrchestratorConfig)}; validated in the constructor, each setting by its {@link Setting}.
 *
 * @param defaultAgents agents a job gets when it names none; {@code null} means every agent declared in topics.yaml
 * @param defaultBudgetTokens every caller's token budget per job (0: none); a job's own budget may only be lower
 * @param keyBudgets some keys' own budgets per job, by owner id, instead of {@code defaultBudgetTokens}
 * @param httpIdleTimeout how long an HTTP connection may stay silent before it is closed
 * @param ingress the Kafka ingress: on or off, its consumer group and the owner of its jobs (decision 0036)
 */
public record OrchestratorConfig(String host, int port, List<Secret> apiKeys, List<Secret> adminApiKeys, boolean insecure,
                                 long maxDocumentBytes,
                                 Duration defaultDeadline, Duration maxDeadline, List<String> defaultAgents,
                                 Secret callbackSecret, boolean callbackAllowPrivate, int callbackMaxAttempts,
                                 Duration callbackTimeout, Duration callbackBackoff, int fanOutProducers, int viewMaxJobs,
                                 long viewMaxBytes, Duration viewMaxAge,
                                 String instanceId, int maxStreams, int maxStreamsPerCaller, Duration streamMaxLifetime,
                                 int maxBlockingSubmits, long defaultBudgetTokens, KeyBudgets keyBudgets,
                                 Duration httpIdleTimeout, long maxBatchBytes, IngressConfig ingress) {
    public static final Duration MIN_DEADLINE = Duration.ofSeconds(1);
    public static final Setting<String> HOST = Setting.ofString("orchestrator.host", "127.0.0.1");
    public static final Setting<Integer> PORT = Setting.ofInt("orchestrator.port", 8080).must("0..65535", p -> p >= 0 && p <= 65535);
    public static final Setting<List<Secret>> API_KEYS = Setting.of("api.keys", List.of(),
            keys -> commaSeparated(keys).stream().map(Secret::of).toList());
    /** Keys whose callers see every job, not only their own (decision 0021); also accepted wherever an API key is. */
    public static final Setting<List<Secret>> ADMIN_API_KEYS = Setting.of("admin.api.keys", List.of(),
            keys -> commaSeparated(keys).stream().map(Secret::of).toList());
    public static final Setting<Boolean> INSECURE = Setting.ofBoolean("insecure", false);
    public static final Setting<Long> MAX_DOCUMENT_BYTES = Setting.ofLong("max.document.bytes", 1024 * 1024)
            .must("positive", n -> n >= 1);
    public static final Setting<Duration> DEFAULT_DEADLINE_SETTING = Setting.ofDuration("default.deadline", Duration.ofMinutes(5));
    public static final Setting<Duration> MAX_DEADLINE = Setting.ofDuration("max.deadline", Duration.ofHours(24));
    public static final Setting<List<String>> DEFAULT_AGENTS = Setting.of("default.agents", null, OrchestratorConfig::commaSeparated);
    public static final Setting<Secret> CALLBACK_SECRET = Setting.ofSecret("callback.secret");
    public static final Setting<Boolean> CALLBACK_ALLOW_PRIVATE = Setting.ofBoolean("callback.allow.private", false);
    public static final Setting<Integer> CALLBACK_MAX_ATTEMPTS = Setting.ofInt("callback.max.attempts", 5)
            .must("at least 1", n -> n >= 1);
    public static final Setting<Duration> CALLBACK_TIMEOUT = Setting.ofDuration("callback.timeout", Duration.ofSeconds(10));
    public static final Setting<Integer> FAN_OUT_PRODUCERS = Setting.ofInt("fan.out.producers", 2).must("positive", n -> n >= 1);
    /** Names this instance's fan-out transactional ids; unique per live orchestrator, the same across its restarts. */
    public static final Setting<String> INSTANCE_ID = Setting.ofString("orchestrator.instance.id", null)
            .must("1 to 200 letters, digits, '.', '_' or '-'", id -> id.matches("[A-Za-z0-9._-]{1,200}"));
    /** Request threads of the API (Jetty's pool): blocking submits may take at most {@link #MAX_BLOCKING_SUBMITS}. */
    public static final int API_THREADS = 250;
    /** Event streams and report long-polls open at once, in total (they hold no thread while they wait). */
    public static final Setting<Integer> MAX_STREAMS = Setting.ofInt("max.streams", 2000).must("positive", n -> n >= 1);
    /** Event streams and report long-polls open at once per caller (an API key, or every keyless caller together). */
    public static final Setting<Integer> MAX_STREAMS_PER_CALLER = Setting.ofInt("max.streams.per.caller", 200)
            .must("positive", n -> n >= 1);
    /** How long one event stream stays open; then it sends a retry hint and ends, and the client resumes with Last-Event-ID. */
    public static final Setting<Duration> STREAM_MAX_LIFETIME = Setting.ofDuration("stream.max.lifetime", Duration.ofMinutes(5))
            .must("at least 1s", d -> d.compareTo(Duration.ofSeconds(1)) >= 0);
    /**
     * How long an HTTP connection may stay silent (neither side sending) before Jetty closes it: a client that
     * connects and sends nothing holds a connection no longer. Long polls and event streams are not cut by it.
     */
    public static final Setting<Duration> HTTP_IDLE_TIMEOUT = Setting.ofDuration("http.idle.timeout", Duration.ofSeconds(30))
            .must("at least 1s", d -> d.compareTo(Duration.ofSeconds(1)) >= 0);
    /** Submits that may hold a request thread at once; more get 503 busy, so health and reads always find a thread. */
    public static final Setting<Integer> MAX_BLOCKING_SUBMITS = Setting.ofInt("max.blocking.submits", 200)
            .must("1 to " + (API_THREADS - 50) + " (" + API_THREADS + " request threads, 50 kept for everything else)",
                    n -> n >= 1 && n <= API_THREADS - 50);
    public static final long DEFAULT_MAX_DOCUMENT_BYTES = MAX_DOCUMENT_BYTES.defaultValue();
    /** The largest body of a batch submit, {@code POST /v1/jobs:batch} (decision 0037); each item still within the document limit. */
    public static final Setting<Long> MAX_BATCH_BYTES = Setting.ofLong("max.batch.bytes", 32L * 1024 * 1024)
            .must("1 to 2147483646", n -> n >= 1 && n < Integer.MAX_VALUE);
    public static final int DEFAULT_FAN_OUT_PRODUCERS = FAN_OUT_PRODUCERS.defaultValue();
    public static final Duration DEFAULT_CALLBACK_BACKOFF = Duration.ofSeconds(1);
    public static final int DEFAULT_VIEW_MAX_JOBS = 100_000;
    /** The job view's bound in estimated heap bytes (decision 0020): past it, finished and stray jobs go first. */
    public static final Setting<Long> VIEW_MAX_BYTES = Setting.ofLong("view.max.bytes", 256L * 1024 * 1024)
            .must("at least 1 MiB", n -> n >= 1024 * 1024);
    /** How long the job view keeps a finished job (or a stray record) after its last record, and an unfinished one after its deadline. */
    public static final Setting<Duration> VIEW_MAX_AGE = Setting.ofDuration("view.max.age", Duration.ofHours(24))
            .must("at least 1m", d -> d.compareTo(Duration.ofMinutes(1)) >= 0);

    /** Every caller's token budget per job, 0 for none (decision 0024): a job may ask for less, never more. */
    public static final Setting<Long> DEFAULT_BUDGET_TOKENS = Setting.ofLong("default.budget.tokens", 0)
            .must("0 (no budget) or 1 to " + Budget.MAX_TOKENS,
                    n -> n >= 0 && n <= Budget.MAX_TOKENS);
    /** Some keys' own token budgets per job, {@code <owner-id>=N,...} (0: none), by the non-secret owner id (decision 0024). */
    public static final Setting<KeyBudgets> KEY_BUDGET_TOKENS = Setting.of("key.budget.tokens", KeyBudgets.NONE, KeyBudgets::parse);

    public OrchestratorConfig {
        PORT.check(port);
        DEFAULT_BUDGET_TOKENS.check(defaultBudgetTokens);
        MAX_DOCUMENT_BYTES.check(maxDocumentBytes);
        CALLBACK_MAX_ATTEMPTS.check(callbackMaxAttempts);
        FAN_OUT_PRODUCERS.check(fanOutProducers);
        INSTANCE_ID.check(instanceId);
        MAX_STREAMS.check(maxStreams);
        MAX_STREAMS_PER_CALLER.check(maxStreamsPerCaller);
        STREAM_MAX_LIFETIME.check(streamMaxLifetime);
        HTTP_IDLE_TIMEOUT.check(httpIdleTimeout);
        MAX_BLOCKING_SUBMITS.check(maxBlockingSubmits);
        MAX_BATCH_BYTES.check(maxBatchBytes);
        ingress = ingress == null ? IngressConfig.DEFAULT : ingress;
        apiKeys = List.copyOf(apiKeys);
        adminApiKeys = List.copyOf(adminApiKeys);
        defaultAgents = defaultAgents == null ? null : List.copyOf(defaultAgents);
        callbackSecret = callbackSecret == null ? Secret.empty() : callbackSecret;
        apiKeys.forEach(key -> SecretPolicy.check(API_KEYS.envName(), key));
        adminApiKeys.forEach(key -> SecretPolicy.check(ADMIN_API_KEYS.envName(), key));
        SecretPolicy.checkSigningSecret(CALLBACK_SECRET.envName(), callbackSecret);
        keyBudgets = keyBudgets == null ? KeyBudgets.NONE : keyBudgets;
        keyBudgets.checkOwners(OwnerIds.known(apiKeys, adminApiKeys));
        if (defaultDeadline.compareTo(MIN_DEADLINE) < 0 || defaultDeadline.compareTo(maxDeadline) > 0) {
            throw new ConfigException(DEFAULT_DEADLINE_SETTING.envName() + " must lie between " + MIN_DEADLINE
                    + " and " + MAX_DEADLINE.envName() + " (" + maxDeadline + "), was " + defaultDeadline);
        }
        if (viewMaxJobs < 1) {
            throw new ConfigException("viewMaxJobs must be positive, was " + viewMaxJobs);
        }
        VIEW_MAX_BYTES.check(viewMaxBytes);
        VIEW_MAX_AGE.check(viewMaxAge);
        if (apiKeys.isEmpty() && adminApiKeys.isEmpty() && !insecure && !isLoopback(host)) {
            throw new ConfigException("Refusing to serve on " + host + " without API keys: set " + API_KEYS.envName()
                    + ", bind to 127.0.0.1, or pass --insecure (" + INSECURE.envName() + "=true) to allow it knowingly");
        }
    }

    /** No API key and no admin key: every caller is anonymous, and the API guards itself against browsers (0021). */
    public boolean keyless() {
        return apiKeys.isEmpty() && adminApiKeys.isEmpty();
    }

    /** Every caller's default budget per job, or {@code null} for none. */
    public Budget defaultBudget() {
        return defaultBudgetTokens == 0 ? null : new Budget(defaultBudgetTokens);
    }

    /** The default budget per job of the caller {@code owner} ({@link OwnerIds}): its key's own, else every caller's; null for none. */
    public Budget defaultBudget(String owner) {
        return keyBudgets.budgetOf(owner, defaultBudget());
    }

    /** Whether {@link #host()} is a loopback address. */
    public boolean loopbackOnly() {
        return isLoopback(host);
    }

    public static OrchestratorConfig ofDefaults() {
        return custom().build();
    }

    public static Builder custom() {
        return new Builder();
    }

    /** A builder that starts from {@code prototype}: every setting as there, until changed. */
    public static Builder from(OrchestratorConfig prototype) {
        return new Builder().host(prototype.host).port(prototype.port).apiKeys(prototype.apiKeys)
                .adminApiKeys(prototype.adminApiKeys).insecure(prototype.insecure)
                .maxDocumentBytes(prototype.maxDocumentBytes).defaultDeadline(prototype.defaultDeadline)
                .maxDeadline(prototype.maxDeadline).defaultAgents(prototype.defaultAgents)
                .callbackSecret(prototype.callbackSecret).callbackAllowPrivate(prototype.callbackAllowPrivate)
                .callbackMaxAttempts(prototype.callbackMaxAttempts).callbackTimeout(prototype.callbackTimeout)
                .callbackBackoff(prototype.callbackBackoff).fanOutProducers(prototype.fanOutProducers)
                .viewMaxJobs(prototype.viewMaxJobs)
                .viewMaxBytes(prototype.viewMaxBytes).viewMaxAge(prototype.viewMaxAge).instanceId(prototype.instanceId)
                .maxStreams(prototype.maxStreams).maxStreamsPerCaller(prototype.maxStreamsPerCaller)
                .streamMaxLifetime(prototype.streamMaxLifetime).maxBlockingSubmits(prototype.maxBlockingSubmits)
                .defaultBudgetTokens(prototype.defaultBudgetTokens).keyBudgets(prototype.keyBudgets)
                .httpIdleTimeout(prototype.httpIdleTimeout).maxBatchBytes(prototype.maxBatchBytes).ingress(prototype.ingress);
    }

    /** Every setting above, by its {@code SWITCHBOARD_*} variable ({@code SWITCHBOARD_API_KEYS} is comma-separated). */
    public static OrchestratorConfig from(ConfigSource source) {
        Builder b = custom().host(HOST.read(source)).port(PORT.read(source)).apiKeys(API_KEYS.read(source))
                .adminApiKeys(ADMIN_API_KEYS.read(source))
                .insecure(INSECURE.read(source)).maxDocumentBytes(MAX_DOCUMENT_BYTES.read(source))
                .defaultDeadline(DEFAULT_DEADLINE_SETTING.read(source)).maxDeadline(MAX_DEADLINE.read(source))
                .defaultAgents(DEFAULT_AGENTS.read(source)).callbackSecret(CALLBACK_SECRET.read(source))
                .callbackAllowPrivate(CALLBACK_ALLOW_PRIVATE.read(source)).callbackMaxAttempts(CALLBACK_MAX_ATTEMPTS.read(source))
                .callbackTimeout(CALLBACK_TIMEOUT.read(source)).fanOutProducers(FAN_OUT_PRODUCERS.read(source))
                .viewMaxBytes(VIEW_MAX_BYTES.read(source)).viewMaxAge(VIEW_MAX_AGE.read(source))
                .maxStreams(MAX_STREAMS.read(source)).maxStreamsPerCaller(MAX_STREAMS_PER_CALLER.read(source))
                .streamMaxLifetime(STREAM_MAX_LIFETIME.read(source)).maxBlockingSubmits(MAX_BLOCKING_SUBMITS.read(source))
                .defaultBudgetTokens(DEFAULT_BUDGET_TOKENS.read(source)).keyBudgets(KEY_BUDGET_TOKENS.read(source))
                .httpIdleTimeout(HTTP_IDLE_TIMEOUT.read(source)).maxBatchBytes(MAX_BATCH_BYTES.read(source))
                .ingress(IngressConfig.from(source));
        String instanceId = INSTANCE_ID.read(source);
        return (instanceId == null ? b : b.instanceId(instanceId)).build();
    }

    private static List<String> commaSeparated(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList();
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException(HOST.envName() + " '" + host + "' does not resolve");
        }
    }

    public static final class Builder {
        private String host = HOST.defaultValue();
        private int port = PORT.defaultValue();
        private List<Secret> apiKeys = API_KEYS.defaultValue();
        private List<Secret> adminApiKeys = ADMIN_API_KEYS.defaultValue();
        private boolean insecure = INSECURE.defaultValue();
        private long maxDocumentBytes = MAX_DOCUMENT_BYTES.defaultValue();
        private Duration defaultDeadline = DEFAULT_DEADLINE_SETTING.defaultValue();
        private Duration maxDeadline = MAX_DEADLINE.defaultValue();
        private List<String> defaultAgents = DEFAULT_AGENTS.defaultValue();
        private Secret callbackSecret = CALLBACK_SECRET.defaultValue();
        private boolean callbackAllowPrivate = CALLBACK_ALLOW_PRIVATE.defaultValue();
        private int callbackMaxAttempts = CALLBACK_MAX_ATTEMPTS.defaultValue();
        private Duration callbackTimeout = CALLBACK_TIMEOUT.defaultValue();
        private Duration callbackBackoff = DEFAULT_CALLBACK_BACKOFF;
        private int fanOutProducers = FAN_OUT_PRODUCERS.defaultValue();
        private int viewMaxJobs = DEFAULT_VIEW_MAX_JOBS;
        private long viewMaxBytes = VIEW_MAX_BYTES.defaultValue();
        private Duration viewMaxAge = VIEW_MAX_AGE.defaultValue();
        private String instanceId = UUID.randomUUID().toString();
        private int maxStreams = MAX_STREAMS.defaultValue();
        private int maxStreamsPerCaller = MAX_STREAMS_PER_CALLER.defaultValue();
        private Duration streamMaxLifetime = STREAM_MAX_LIFETIME.defaultValue();
        private int maxBlockingSubmits = MAX_BLOCKING_SUBMITS.defaultValue();
        private long defaultBudgetTokens = DEFAULT_BUDGET_TOKENS.defaultValue();
        private KeyBudgets keyBudgets = KEY_BUDGET_TOKENS.defaultValue();
        private Duration httpIdleTimeout = HTTP_IDLE_TIMEOUT.defaultValue();
        private long maxBatchBytes = MAX_BATCH_BYTES.defaultValue();
        private IngressConfig ingress = IngressConfig.DEFAULT;

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder apiKeys(List<Secret> apiKeys) {
            this.apiKeys = apiKeys;
            return this;
        }

        public Builder adminApiKeys(List<Secret> adminApiKeys) {
            this.adminApiKeys = adminApiKeys;
            return this;
        }

        public Builder insecure(boolean insecure) {
            this.insecure = insecure;
            return this;
        }

        public Builder maxDocumentBytes(long maxDocumentBytes) {
            this.maxDocumentBytes = maxDocumentBytes;
            return this;
        }

        public Builder defaultDeadline(Duration defaultDeadline) {
            this.defaultDeadline = defaultDeadline;
            return this;
        }

        public Builder maxDeadline(Duration maxDeadline) {
            this.maxDeadline = maxDeadline;
            return this;
        }

        public Builder defaultAgents(List<String> defaultAgents) {
            this.defaultAgents = defaultAgents;
            return this;
        }

        public Builder callbackSecret(Secret callbackSecret) {
            this.callbackSecret = callbackSecret;
            return this;
        }

        public Builder callbackAllowPrivate(boolean allow) {
            this.callbackAllowPrivate = allow;
            return this;
        }

        public Builder callbackMaxAttempts(int attempts) {
            this.callbackMaxAttempts = attempts;
            return this;
        }

        public Builder callbackTimeout(Duration timeout) {
            this.callbackTimeout = timeout;
            return this;
        }

        public Builder callbackBackoff(Duration backoff) {
            this.callbackBackoff = backoff;
            return this;
        }

        public Builder fanOutProducers(int producers) {
            this.fanOutProducers = producers;
            return this;
        }

        public Builder viewMaxJobs(int maxJobs) {
            this.viewMaxJobs = maxJobs;
            return this;
        }

        public Builder viewMaxBytes(long maxBytes) {
            this.viewMaxBytes = maxBytes;
            return this;
        }

        public Builder viewMaxAge(Duration maxAge) {
            this.viewMaxAge = maxAge;
            return this;
        }

        public Builder instanceId(String instanceId) {
            this.instanceId = instanceId;
            return this;
        }

        public Builder maxStreams(int maxStreams) {
            this.maxStreams = maxStreams;
            return this;
        }

        public Builder maxStreamsPerCaller(int maxStreamsPerCaller) {
            this.maxStreamsPerCaller = maxStreamsPerCaller;
            return this;
        }

        public Builder streamMaxLifetime(Duration streamMaxLifetime) {
            this.streamMaxLifetime = streamMaxLifetime;
            return this;
        }

        public Builder maxBlockingSubmits(int maxBlockingSubmits) {
            this.maxBlockingSubmits = maxBlockingSubmits;
            return this;
        }

        public Builder defaultBudgetTokens(long defaultBudgetTokens) {
            this.defaultBudgetTokens = defaultBudgetTokens;
            return this;
        }

        public Builder keyBudgets(KeyBudgets keyBudgets) {
            this.keyBudgets = keyBudgets;
            return this;
        }

        public Builder httpIdleTimeout(Duration httpIdleTimeout) {
            this.httpIdleTimeout = httpIdleTimeout;
            return this;
        }

        public Builder maxBatchBytes(long maxBatchBytes) {
            this.maxBatchBytes = maxBatchBytes;
            return this;
        }

        /** The Kafka ingress's settings ({@code SWITCHBOARD_INGRESS_*}, decision 0036). */
        public Builder ingress(IngressConfig ingress) {
            this.ingress = ingress;
            return this;
        }

        public OrchestratorConfig build() {
            return new OrchestratorConfig(host, port, apiKeys, adminApiKeys, insecure, maxDocumentBytes, defaultDeadline, maxDeadline,
                    defaultAgents, callbackSecret, callbackAllowPrivate, callbackMaxAttempts, callbackTimeout, callbackBackoff,
                    fanOutProducers, viewMaxJobs, viewMaxBytes, viewMaxAge, instanceId, maxStreams, maxStreamsPerCaller, streamMaxLifetime,
                    maxBlockingSubmits, defaultBudgetTokens, keyBudgets, httpIdleTimeout, maxBatchBytes, ingress);
        }
    }
}
