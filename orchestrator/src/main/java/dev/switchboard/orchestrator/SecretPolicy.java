package dev.switchboard.orchestrator;

import dev.switchboard.contracts.config.ConfigException;
import dev.switchboard.contracts.config.Secret;
import dev.switchboard.orchestrator.callback.CallbackSignature;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What an API key or the callback signing secret must be: at least {@value #MIN_LENGTH} characters and not a
 * well-known placeholder (a copied example must not become a working credential). Checked when the
 * orchestrator's config is built, so a bad value stops it at start, never at the first request.
 */
final class SecretPolicy {
    static final int MIN_LENGTH = 16;
    /** Compared after lower-casing and dropping everything but letters and digits. */
    private static final Set<String> PLACEHOLDERS = Set.of("secret", "password", "test", "changeit", "apikey", "key",
            "token", "admin", "letmein", "qwerty");
    private static final List<String> PLACEHOLDER_PARTS = List.of("changeme", "replaceme", "placeholder", "example",
            "default", "yoursecret", "yourkey", "setme", "xxxxxxxx", "12345678");

    private SecretPolicy() {
    }

    /**
     * {@link #check} for the callback signing secret, which may also be {@code whsec_} and the base64 of the
     * key: then it must decode, to at least {@value #MIN_LENGTH} bytes. The message names {@code variable}
     * and never echoes the value.
     */
    static void checkSigningSecret(String variable, Secret secret) {
        if (!secret.isEmpty() && secret.reveal().startsWith(CallbackSignature.SECRET_PREFIX)) {
            byte[] key;
            try {
                key = CallbackSignature.key(secret.reveal());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(variable + " starts with " + CallbackSignature.SECRET_PREFIX
                        + " but the rest is not base64; give the base64 of a random key, e.g. `whsec_$(openssl rand -base64 32)`");
            }
            if (key.length < MIN_LENGTH) {
                throw new ConfigException(variable + " must decode to a key of at least " + MIN_LENGTH + " bytes, was "
                        + key.length + "; e.g. `whsec_$(openssl rand -base64 32)`");
            }
        }
        check(variable, secret);
    }

    /** Refuses {@code secret} unless empty (not configured) or acceptable; the message names {@code variable}. */
    static void check(String variable, Secret secret) {
        if (secret.isEmpty()) {
            return;
        }
        String value = secret.reveal();
        String letters = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (PLACEHOLDERS.contains(letters) || PLACEHOLDER_PARTS.stream().anyMatch(letters::contains)) {
            throw new ConfigException(variable + " holds a placeholder value; set a random one, e.g. `openssl rand -hex 24`");
        }
        if (value.length() < MIN_LENGTH) {
            throw new ConfigException(variable + " must be at least " + MIN_LENGTH + " characters, was " + value.length()
                    + "; set a random one, e.g. `openssl rand -hex 24`");
        }
    }
}
