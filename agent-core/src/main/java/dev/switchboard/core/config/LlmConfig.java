package dev.switchboard.core.config;

import dev.switchboard.contracts.config.ConfigException;
import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.Secret;
import dev.switchboard.contracts.config.Setting;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of the LLM gateway. {@link #ofDefaults()} is the offline provider; {@link #custom()} and
 * {@link #from(LlmConfig)} build, the constructor validates; {@link #from(ConfigSource)} reads {@code SWITCHBOARD_LLM_*}.
 *
 * @param requestsPerSecond the account's limit: the most requests that reach the provider in any one-second window from
 *        every process that shares the account (coordinated through Kafka, decision 0022; one process alone without a broker)
 * @param tokensPerMinute the account's token budget per minute (estimated before a call, corrected from its usage after);
 *        0 means no budget
 * @param maxAttempts attempts per model call inside the gateway (transient errors only) before the task itself is retried
 * @param rateWindowMargin added to the one-second window, so that network jitter cannot squeeze one more request in
 * @param account the provider account whose limits these are; {@code null}: provider, base URL and a fingerprint of the key
 * @param quotaHeartbeat how often a process renews its share of the account's limits; a dead process's share returns
 *        within two of these
 * @param structuredOutput whether structured output asks the provider to enforce the output record's JSON Schema
 *        (decision 0029)
 */
public record LlmConfig(LlmProvider provider, String baseUrl, String model, Secret apiKey, int requestsPerSecond,
                        long tokensPerMinute, Duration timeout, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                        Duration rateWindowMargin, int maxOutputTokens, float failureRateThreshold, int breakerWindow,
                        Duration breakerOpenDuration, String account, Duration quotaHeartbeat,
                        StructuredOutputMode structuredOutput) {
    public static final String DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1";
    public static final String DEFAULT_OPENAI_MODEL = "gpt-4o-mini";
    /** Anthropic's current small model (the 3.5 Haiku aliases are retired). */
    public static final String DEFAULT_ANTHROPIC_MODEL = "claude-haiku-4-5";

    public static final Setting<LlmProvider> PROVIDER = Setting.of("llm.provider", LlmProvider.OFFLINE, LlmProvider::parse);
    public static final Setting<String> BASE_URL = Setting.ofString("llm.base.url", null);
    public static final Setting<String> MODEL = Setting.ofString("llm.model", null);
    public static final Setting<Secret> API_KEY = Setting.ofSecret("llm.api.key");
    public static final Setting<Integer> RATE_LIMIT = Setting.ofInt("llm.rate.limit", 10)
            .must("at least 1 request per second", n -> n >= 1);
    public static final Setting<Long> TOKENS_PER_MINUTE = Setting.ofLong("llm.tokens.per.minute", 200_000)
            .must("0 (no budget) or more", n -> n >= 0);
    public static final Setting<Duration> TIMEOUT = Setting.ofDuration("llm.timeout", Duration.ofSeconds(60))
            .must("a positive duration", Setting::positive);
    public static final Setting<Integer> MAX_ATTEMPTS = Setting.ofInt("llm.max.attempts", 3).must("at least 1", n -> n >= 1);
    public static final Setting<Integer> MAX_OUTPUT_TOKENS = Setting.ofInt("llm.max.output.tokens", 1024)
            .must("at least 1", n -> n >= 1);
    public static final Setting<String> ACCOUNT = Setting.ofString("llm.account", null);
    public static final Setting<Duration> QUOTA_HEARTBEAT = Setting.ofDuration("llm.quota.heartbeat", Duration.ofSeconds(3))
            .must("a positive duration of at most 10 minutes", d -> Setting.positive(d) && d.compareTo(Duration.ofMinutes(10)) <= 0);
    public static final Setting<StructuredOutputMode> STRUCTURED_OUTPUT =
            Setting.of("llm.structured.output", StructuredOutputMode.AUTO, StructuredOutputMode::parse);
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(20);
    public static final Duration DEFAULT_RATE_WINDOW_MARGIN = Duration.ofMillis(30);
    public static final float DEFAULT_FAILURE_RATE_THRESHOLD = 50f;
    public static final int DEFAULT_BREAKER_WINDOW = 20;
    public static final Duration DEFAULT_BREAKER_OPEN_DURATION = Duration.ofSeconds(30);

    public LlmConfig {
        Objects.requireNonNull(provider, "provider");
        apiKey = apiKey == null ? Secret.empty() : apiKey;
        RATE_LIMIT.check(requestsPerSecond);
        TOKENS_PER_MINUTE.check(tokensPerMinute);
        TIMEOUT.check(timeout);
        MAX_ATTEMPTS.check(maxAttempts);
        MAX_OUTPUT_TOKENS.check(maxOutputTokens);
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new ConfigException("LLM backoff: max (" + maxBackoff + ") must be at least initial (" + initialBackoff + ")");
        }
        if (rateWindowMargin.isNegative()) {
            throw new ConfigException("rateWindowMargin must not be negative, was " + rateWindowMargin);
        }
        QUOTA_HEARTBEAT.check(quotaHeartbeat);
        structuredOutput = structuredOutput == null ? STRUCTURED_OUTPUT.defaultValue() : structuredOutput;
        if (quotaHeartbeat.compareTo(Duration.ofSeconds(1).plus(rateWindowMargin).multipliedBy(2)) < 0) {
            throw new ConfigException(QUOTA_HEARTBEAT.envName() + " must be at least twice the rate window (1 s + "
                    + rateWindowMargin.toMillis() + " ms), so that a lease and its cooling fit in two heartbeats; was " + quotaHeartbeat);
        }
        account = account == null || account.isBlank() ? null : account.strip();
        if (failureRateThreshold <= 0 || failureRateThreshold > 100 || breakerWindow < 1) {
            throw new ConfigException("circuit breaker: failure rate must be in (0, 100] and window at least 1");
        }
        boolean noModel = model == null || model.isBlank();
        switch (provider) {
            case OPENAI -> {
                baseUrl = baseUrl == null || baseUrl.isBlank() ? DEFAULT_OPENAI_BASE_URL : baseUrl;
                model = noModel ? DEFAULT_OPENAI_MODEL : model;
                if (apiKey.isEmpty() && baseUrl.equals(DEFAULT_OPENAI_BASE_URL)) {
                    throw new ConfigException("Provider openai at " + DEFAULT_OPENAI_BASE_URL + " needs " + API_KEY.envName()
                            + " (or set " + BASE_URL.envName() + " to a local OpenAI-compatible server)");
                }
            }
            case ANTHROPIC -> {
                model = noModel ? DEFAULT_ANTHROPIC_MODEL : model;
                if (apiKey.isEmpty()) {
                    throw new ConfigException("Provider anthropic needs " + API_KEY.envName());
                }
            }
            case OFFLINE -> model = noModel ? "offline" : model;
        }
    }

    public static LlmConfig ofDefaults() {
        return custom().build();
    }

    public static Builder custom() {
        return new Builder();
    }

    /** A builder that starts from {@code prototype}: every setting as there, until changed. */
    public static Builder from(LlmConfig prototype) {
        return new Builder().provider(prototype.provider).baseUrl(prototype.baseUrl).model(prototype.model)
                .apiKey(prototype.apiKey).requestsPerSecond(prototype.requestsPerSecond).tokensPerMinute(prototype.tokensPerMinute)
                .timeout(prototype.timeout).maxAttempts(prototype.maxAttempts)
                .backoff(prototype.initialBackoff, prototype.maxBackoff).rateWindowMargin(prototype.rateWindowMargin)
                .maxOutputTokens(prototype.maxOutputTokens)
                .circuitBreaker(prototype.failureRateThreshold, prototype.breakerWindow, prototype.breakerOpenDuration)
                .account(prototype.account).quotaHeartbeat(prototype.quotaHeartbeat).structuredOutput(prototype.structuredOutput);
    }

    /** Reads {@code SWITCHBOARD_LLM_PROVIDER}, {@code _BASE_URL}, {@code _MODEL}, {@code _API_KEY}, {@code _RATE_LIMIT}, {@code _TOKENS_PER_MINUTE}, {@code _TIMEOUT}, {@code _MAX_ATTEMPTS}, {@code _MAX_OUTPUT_TOKENS}, {@code _ACCOUNT}, {@code _QUOTA_HEARTBEAT}, {@code _STRUCTURED_OUTPUT}. */
    public static LlmConfig from(ConfigSource source) {
        return custom().provider(PROVIDER.read(source)).baseUrl(BASE_URL.read(source)).model(MODEL.read(source))
                .apiKey(API_KEY.read(source)).requestsPerSecond(RATE_LIMIT.read(source))
                .tokensPerMinute(TOKENS_PER_MINUTE.read(source)).timeout(TIMEOUT.read(source))
                .maxAttempts(MAX_ATTEMPTS.read(source)).maxOutputTokens(MAX_OUTPUT_TOKENS.read(source))
                .account(ACCOUNT.read(source)).quotaHeartbeat(QUOTA_HEARTBEAT.read(source))
                .structuredOutput(STRUCTURED_OUTPUT.read(source)).build();
    }

    public static final class Builder {
        private LlmProvider provider = PROVIDER.defaultValue();
        private String baseUrl = BASE_URL.defaultValue();
        private String model = MODEL.defaultValue();
        private Secret apiKey = API_KEY.defaultValue();
        private int requestsPerSecond = RATE_LIMIT.defaultValue();
        private long tokensPerMinute = TOKENS_PER_MINUTE.defaultValue();
        private Duration timeout = TIMEOUT.defaultValue();
        private int maxAttempts = MAX_ATTEMPTS.defaultValue();
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private Duration rateWindowMargin = DEFAULT_RATE_WINDOW_MARGIN;
        private int maxOutputTokens = MAX_OUTPUT_TOKENS.defaultValue();
        private float failureRateThreshold = DEFAULT_FAILURE_RATE_THRESHOLD;
        private int breakerWindow = DEFAULT_BREAKER_WINDOW;
        private Duration breakerOpenDuration = DEFAULT_BREAKER_OPEN_DURATION;
        private String account = ACCOUNT.defaultValue();
        private Duration quotaHeartbeat = QUOTA_HEARTBEAT.defaultValue();
        private StructuredOutputMode structuredOutput = STRUCTURED_OUTPUT.defaultValue();

        private Builder() {
        }

        public Builder provider(LlmProvider provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder apiKey(Secret apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder requestsPerSecond(int requestsPerSecond) {
            this.requestsPerSecond = requestsPerSecond;
            return this;
        }

        public Builder tokensPerMinute(long tokensPerMinute) {
            this.tokensPerMinute = tokensPerMinute;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        public Builder rateWindowMargin(Duration margin) {
            this.rateWindowMargin = margin;
            return this;
        }

        public Builder maxOutputTokens(int maxOutputTokens) {
            this.maxOutputTokens = maxOutputTokens;
            return this;
        }

        public Builder circuitBreaker(float failureRateThreshold, int window, Duration openDuration) {
            this.failureRateThreshold = failureRateThreshold;
            this.breakerWindow = window;
            this.breakerOpenDuration = openDuration;
            return this;
        }

        /** The provider account whose limits are shared; by default provider, base URL and key fingerprint. */
        public Builder account(String account) {
            this.account = account;
            return this;
        }

        public Builder quotaHeartbeat(Duration heartbeat) {
            this.quotaHeartbeat = heartbeat;
            return this;
        }

        /** Whether structured output asks the provider to enforce a JSON Schema ({@link StructuredOutputMode}). */
        public Builder structuredOutput(StructuredOutputMode mode) {
            this.structuredOutput = mode;
            return this;
        }

        public LlmConfig build() {
            return new LlmConfig(provider, baseUrl, model, apiKey, requestsPerSecond, tokensPerMinute, timeout, maxAttempts,
                    initialBackoff, maxBackoff, rateWindowMargin, maxOutputTokens, failureRateThreshold, breakerWindow,
                    breakerOpenDuration, account, quotaHeartbeat, structuredOutput);
        }
    }
}
