package dev.switchboard.core.config;

import dev.switchboard.contracts.config.ConfigException;
import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.Setting;
import java.time.Duration;
import java.util.Locale;

/**
 * What a worker does with the answers it pays for: the price table that estimates their cost, and the optional
 * exact-match answer cache across jobs ({@code SWITCHBOARD_LLM_CACHE=exact}), fed by the call journal.
 */
public record LlmCallsConfig(LlmPrices prices, Cache cache, Duration cacheTtl, long cacheMaxBytes) {
    /** Whether an answer paid for by one job may answer the same request of another. */
    public enum Cache { OFF, EXACT }

    public static final Setting<String> PRICES = Setting.ofString("llm.prices", null);
    public static final Setting<Cache> CACHE = Setting.of("llm.cache", Cache.OFF, LlmCallsConfig::parseCache);
    public static final Setting<Duration> CACHE_TTL = Setting.ofDuration("llm.cache.ttl", Duration.ofHours(1))
            .must("a positive duration", Setting::positive);
    /** How many bytes of answers the cache keeps in memory, oldest dropped first. */
    public static final Setting<Long> CACHE_MAX_BYTES = Setting.ofLong("llm.cache.max.bytes", 64L * 1024 * 1024)
            .must("between 1024 and 17179869184 (16 GiB)", n -> n >= 1024 && n <= 16L * 1024 * 1024 * 1024);

    public LlmCallsConfig {
        prices = prices == null ? LlmPrices.NONE : prices;
        cache = cache == null ? Cache.OFF : cache;
        CACHE_TTL.check(cacheTtl);
        CACHE_MAX_BYTES.check(cacheMaxBytes);
    }

    public static LlmCallsConfig ofDefaults() {
        return new LlmCallsConfig(LlmPrices.NONE, Cache.OFF, CACHE_TTL.defaultValue(), CACHE_MAX_BYTES.defaultValue());
    }

    /** Reads {@code SWITCHBOARD_LLM_PRICES}, {@code _LLM_CACHE}, {@code _LLM_CACHE_TTL}, {@code _LLM_CACHE_MAX_BYTES}. */
    public static LlmCallsConfig from(ConfigSource source) {
        return new LlmCallsConfig(LlmPrices.parse(PRICES.envName(), PRICES.read(source)), CACHE.read(source),
                CACHE_TTL.read(source), CACHE_MAX_BYTES.read(source));
    }

    /** The same settings with another price table. */
    public LlmCallsConfig withPrices(LlmPrices prices) {
        return new LlmCallsConfig(prices, cache, cacheTtl, cacheMaxBytes);
    }

    /** The same settings with the cache on or off. */
    public LlmCallsConfig withCache(Cache cache, Duration ttl) {
        return new LlmCallsConfig(prices, cache, ttl, cacheMaxBytes);
    }

    private static Cache parseCache(String text) {
        try {
            return Cache.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(CACHE.envName() + " must be off or exact, was " + text);
        }
    }
}
