package dev.switchboard.core.internal.llm;

import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.core.config.LlmProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The provider account whose limits a gateway shares with every process that uses it: the explicit
 * {@code SWITCHBOARD_LLM_ACCOUNT}, or provider, base URL and a SHA-256 fingerprint of the API key
 * (never the key). The model is not part of it: a provider's limits are per account. The base URL is
 * normalised (the provider's default when unset; scheme and host in lower case; no default port, trailing
 * slash, user info, query or fragment), so one account has one name and the name, written to the quota
 * topic, carries no credentials.
 */
final class LlmAccount {
    /** langchain4j's Anthropic endpoint when none is configured. */
    static final String DEFAULT_ANTHROPIC_BASE_URL = "https://api.anthropic.com/v1";

    private LlmAccount() {
    }

    static String of(LlmConfig config) {
        if (config.account() != null) {
            return config.account();
        }
        return config.provider().id() + "@" + endpoint(config) + "#" + fingerprint(config.apiKey().isEmpty() ? "" : config.apiKey().reveal());
    }

    /** The config's base URL, normalised and without credentials. */
    static String endpoint(LlmConfig config) {
        String base = config.baseUrl() == null || config.baseUrl().isBlank()
                ? (config.provider() == LlmProvider.ANTHROPIC ? DEFAULT_ANTHROPIC_BASE_URL : LlmConfig.DEFAULT_OPENAI_BASE_URL)
                : config.baseUrl().strip();
        try {
            URI uri = new URI(base);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "url-" + fingerprint(base);
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort() == 443 && scheme.equals("https") || uri.getPort() == 80 && scheme.equals("http") ? -1 : uri.getPort();
            String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (port < 0 ? "" : ":" + port) + path;
        } catch (URISyntaxException e) {
            return "url-" + fingerprint(base); // never the raw text: it may hold credentials
        }
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
