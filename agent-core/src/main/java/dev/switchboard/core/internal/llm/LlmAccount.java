package dev.switchboard.core.internal.llm;

import dev.switchboard.core.config.LlmConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The provider account whose limits a gateway shares with every process that uses it: the explicit
 * {@code SWITCHBOARD_LLM_ACCOUNT}, or provider, base URL and a SHA-256 fingerprint of the API key
 * (never the key). The model is not part of it: a provider's limits are per account.
 */
final class LlmAccount {
    private LlmAccount() {
    }

    static String of(LlmConfig config) {
        if (config.account() != null) {
            return config.account();
        }
        String base = config.baseUrl() == null ? "default" : config.baseUrl();
        return config.provider().id() + "@" + base + "#" + fingerprint(config.apiKey().isEmpty() ? "" : config.apiKey().reveal());
    }

    static String fingerprint(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
