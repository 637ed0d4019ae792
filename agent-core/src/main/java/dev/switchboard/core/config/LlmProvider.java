package dev.switchboard.core.config;

import dev.switchboard.contracts.config.ConfigException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where model calls go. */
public enum LlmProvider {
    /** No network: each agent's own deterministic analyzer answers. The default. */
    OFFLINE,
    /** Any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, LM Studio...), chosen by base URL. */
    OPENAI,
    /** Anthropic's Messages API. */
    ANTHROPIC;

    public static LlmProvider parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("SWITCHBOARD_LLM_PROVIDER must be one of "
                    + Arrays.stream(values()).map(p -> p.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))
                    + ", was '" + value + "'");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
