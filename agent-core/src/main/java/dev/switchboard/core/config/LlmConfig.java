package dev.switchboard.core.config;

import dev.switchboard.contracts.config.ConfigException;
import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.Secret;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of the LLM gateway. {@link #ofDefaults()} is the offline provider;
 * {@link #custom()} validates in {@link Builder#build()}; {@link #from(ConfigSource)} reads
 * {@code SWITCHBOARD_LLM_*}.
 */
public final class LlmConfig {
    public static final int DEFAULT_RATE_LIMIT = 10;
    public static final long DEFAULT_TOKENS_PER_MINUTE = 200_000;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(20);
    public static final Duration DEFAULT_RATE_WINDOW_MARGIN = Duration.ofMillis(30);
    public static final int DEFAULT_MAX_OUTPUT_TOKENS = 1024;
    public static final float DEFAULT_FAILURE_RATE_THRESHOLD = 50f;
    public static final int DEFAULT_BREAKER_WINDOW = 20;
    public static final Duration DEFAULT_BREAKER_OPEN_DURATION = Duration.ofSeconds(30);
    public static final String DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1";
    public static final String DEFAULT_OPENAI_MODEL = "gpt-4o-mini";
    public static final String DEFAULT_ANTHROPIC_MODEL = "claude-3-5-haiku-latest";

    private final LlmProvider provider;
    private final String baseUrl;
    private final String model;
    private final Secret apiKey;
    private final int requestsPerSecond;
    private final long tokensPerMinute;
    private final Duration timeout;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration rateWindowMargin;
    private final int maxOutputTokens;
    private final float failureRateThreshold;
    private final int breakerWindow;
    private final Duration breakerOpenDuration;

    private LlmConfig(Builder b) {
        this.provider = b.provider;
        this.baseUrl = b.baseUrl;
        this.model = b.model;
        this.apiKey = b.apiKey;
        this.requestsPerSecond = b.requestsPerSecond;
        this.tokensPerMinute = b.tokensPerMinute;
        this.timeout = b.timeout;
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.rateWindowMargin = b.rateWindowMargin;
        this.maxOutputTokens = b.maxOutputTokens;
        this.failureRateThreshold = b.failureRateThreshold;
        this.breakerWindow = b.breakerWindow;
        this.breakerOpenDuration = b.breakerOpenDuration;
    }

    public static LlmConfig ofDefaults() {
        return custom().build();
    }

    public static Builder custom() {
        return new Builder();
    }

    /** Reads {@code SWITCHBOARD_LLM_PROVIDER}, {@code _BASE_URL}, {@code _MODEL}, {@code _API_KEY}, {@code _RATE_LIMIT}, {@code _TOKENS_PER_MINUTE}, {@code _TIMEOUT}, {@code _MAX_ATTEMPTS}. */
    public static LlmConfig from(ConfigSource source) {
        Builder b = custom();
        source.get("llm.provider").map(LlmProvider::parse).ifPresent(b::provider);
        source.get("llm.base.url").ifPresent(b::baseUrl);
        source.get("llm.model").ifPresent(b::model);
        b.apiKey(source.getSecret("llm.api.key"));
        b.requestsPerSecond(source.getInt("llm.rate.limit", DEFAULT_RATE_LIMIT));
        b.tokensPerMinute(source.getLong("llm.tokens.per.minute", DEFAULT_TOKENS_PER_MINUTE));
        b.timeout(source.getDuration("llm.timeout", DEFAULT_TIMEOUT));
        b.maxAttempts(source.getInt("llm.max.attempts", DEFAULT_MAX_ATTEMPTS));
        b.maxOutputTokens(source.getInt("llm.max.output.tokens", DEFAULT_MAX_OUTPUT_TOKENS));
        return b.build();
    }

    public LlmProvider provider() {
        return provider;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public String model() {
        return model;
    }

    public Secret apiKey() {
        return apiKey;
    }

    /** The most requests that leave this process for the provider in any one-second window. */
    public int requestsPerSecond() {
        return requestsPerSecond;
    }

    /** Token budget per minute (estimated input + requested output); 0 means no budget. */
    public long tokensPerMinute() {
        return tokensPerMinute;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Attempts per model call inside the gateway (transient errors only) before the task itself is retried. */
    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** Added to the one-second window, so that network jitter cannot squeeze one more request into a second. */
    public Duration rateWindowMargin() {
        return rateWindowMargin;
    }

    public int maxOutputTokens() {
        return maxOutputTokens;
    }

    public float failureRateThreshold() {
        return failureRateThreshold;
    }

    public int breakerWindow() {
        return breakerWindow;
    }

    public Duration breakerOpenDuration() {
        return breakerOpenDuration;
    }

    @Override
    public String toString() {
        return "LlmConfig[provider=" + provider.id() + ", baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + apiKey
                + ", requestsPerSecond=" + requestsPerSecond + ", tokensPerMinute=" + tokensPerMinute + ", timeout=" + timeout + "]";
    }

    public static final class Builder {
        private LlmProvider provider = LlmProvider.OFFLINE;
        private String baseUrl;
        private String model;
        private Secret apiKey = Secret.empty();
        private int requestsPerSecond = DEFAULT_RATE_LIMIT;
        private long tokensPerMinute = DEFAULT_TOKENS_PER_MINUTE;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private Duration rateWindowMargin = DEFAULT_RATE_WINDOW_MARGIN;
        private int maxOutputTokens = DEFAULT_MAX_OUTPUT_TOKENS;
        private float failureRateThreshold = DEFAULT_FAILURE_RATE_THRESHOLD;
        private int breakerWindow = DEFAULT_BREAKER_WINDOW;
        private Duration breakerOpenDuration = DEFAULT_BREAKER_OPEN_DURATION;

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
            this.apiKey = apiKey == null ? Secret.empty() : apiKey;
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

        public LlmConfig build() {
            if (requestsPerSecond < 1) {
                throw new ConfigException("SWITCHBOARD_LLM_RATE_LIMIT must be at least 1 request per second, was " + requestsPerSecond);
            }
            if (tokensPerMinute < 0) {
                throw new ConfigException("SWITCHBOARD_LLM_TOKENS_PER_MINUTE must be 0 (no budget) or more, was " + tokensPerMinute);
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new ConfigException("SWITCHBOARD_LLM_TIMEOUT must be positive, was " + timeout);
            }
            if (maxAttempts < 1) {
                throw new ConfigException("SWITCHBOARD_LLM_MAX_ATTEMPTS must be at least 1, was " + maxAttempts);
            }
            if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new ConfigException("LLM backoff: max (" + maxBackoff + ") must be at least initial (" + initialBackoff + ")");
            }
            if (rateWindowMargin.isNegative()) {
                throw new ConfigException("rateWindowMargin must not be negative, was " + rateWindowMargin);
            }
            if (maxOutputTokens < 1) {
                throw new ConfigException("SWITCHBOARD_LLM_MAX_OUTPUT_TOKENS must be at least 1, was " + maxOutputTokens);
            }
            if (failureRateThreshold <= 0 || failureRateThreshold > 100 || breakerWindow < 1) {
                throw new ConfigException("circuit breaker: failure rate must be in (0, 100] and window at least 1");
            }
            switch (provider) {
                case OPENAI -> {
                    baseUrl = baseUrl == null || baseUrl.isBlank() ? DEFAULT_OPENAI_BASE_URL : baseUrl;
                    model = model == null || model.isBlank() ? DEFAULT_OPENAI_MODEL : model;
                    if (apiKey.isEmpty() && baseUrl.equals(DEFAULT_OPENAI_BASE_URL)) {
                        throw new ConfigException("Provider openai at " + DEFAULT_OPENAI_BASE_URL
                                + " needs SWITCHBOARD_LLM_API_KEY (or set SWITCHBOARD_LLM_BASE_URL to a local OpenAI-compatible server)");
                    }
                }
                case ANTHROPIC -> {
                    model = model == null || model.isBlank() ? DEFAULT_ANTHROPIC_MODEL : model;
                    if (apiKey.isEmpty()) {
                        throw new ConfigException("Provider anthropic needs SWITCHBOARD_LLM_API_KEY");
                    }
                }
                case OFFLINE -> model = model == null || model.isBlank() ? "offline" : model;
            }
            return new LlmConfig(this);
        }
    }
}
