package dev.switchboard.orchestrator.http;

import dev.switchboard.contracts.config.Secret;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/** {@code Authorization: Bearer <key>} on everything but health, when keys are configured. */
final class ApiKeys {
    static final String ANONYMOUS = "anonymous";
    private final List<byte[]> keys;

    ApiKeys(List<Secret> keys) {
        this.keys = keys.stream().map(k -> k.reveal().getBytes(StandardCharsets.UTF_8)).toList();
    }

    boolean enabled() {
        return !keys.isEmpty();
    }

    /** Checks the request; returns a stable, non-secret caller id (a key fingerprint) for idempotency scoping. */
    String authenticate(Context ctx) {
        if (keys.isEmpty()) {
            return ANONYMOUS;
        }
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
            for (byte[] key : keys) {
                if (MessageDigest.isEqual(key, presented)) {
                    return fingerprint(key);
                }
            }
        }
        ctx.header("WWW-Authenticate", "Bearer realm=\"switchboard\"");
        throw new ProblemException(Problem.of(401, "unauthorized", "Unauthorized",
                "Send a valid API key as 'Authorization: Bearer <key>'"));
    }

    private static String fingerprint(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key)).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
