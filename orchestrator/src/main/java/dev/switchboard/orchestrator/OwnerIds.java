package dev.switchboard.orchestrator;

import dev.switchboard.contracts.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The non-secret id of a caller: the first 16 hex digits of its API key's SHA-256, or {@link #ANONYMOUS} when no key is
 * configured. It is the {@code owner} on manifests, the {@code apiKey} of {@code /v1/usage}, and what
 * {@code SWITCHBOARD_KEY_BUDGET_TOKENS} names a key by (decisions 0021, 0024).
 */
public final class OwnerIds {
    /** Every caller's id when no key is configured. */
    public static final String ANONYMOUS = "anonymous";

    private OwnerIds() {
    }

    public static String of(Secret key) {
        return of(key.reveal().getBytes(StandardCharsets.UTF_8));
    }

    public static String of(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ids callers of {@code config} can have, API keys first, then admin keys ({@link #ANONYMOUS} alone when keyless). */
    public static List<String> known(List<Secret> apiKeys, List<Secret> adminApiKeys) {
        if (apiKeys.isEmpty() && adminApiKeys.isEmpty()) {
            return List.of(ANONYMOUS);
        }
        return Stream.concat(apiKeys.stream(), adminApiKeys.stream()).map(OwnerIds::of).distinct().toList();
    }
}
