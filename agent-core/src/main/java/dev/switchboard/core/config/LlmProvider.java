package dev.switchboard.core.config;

import java.util.Locale;

/** Where model calls go. */
public enum LlmProvider {
    /** No network: each agent's own deterministic analyzer answers. The default. */
    OFFLINE,
    /** Any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, LM Studio...), chosen by base URL. */
    OPENAI,
    /** Anthropic's Messages API. */
    ANTHROPIC;

    public static LlmProvider parse(String value) {
        return ConfigEnums.parse(LlmProvider.class, LlmConfig.PROVIDER.envName(), value);
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
