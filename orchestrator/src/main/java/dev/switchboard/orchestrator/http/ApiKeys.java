package dev.switchboard.orchestrator.http;

import dev.switchboard.contracts.config.Secret;
import dev.switchboard.orchestrator.OrchestratorConfig;
import dev.switchboard.orchestrator.OwnerIds;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * {@code Authorization: Bearer <key>} on everything but health, when keys are configured; an admin key is accepted
 * wherever an API key is and sees every job. Without keys, the {@link LoopbackGuard} refuses browsers of other
 * sites and requests addressed to other names instead, and every caller is {@link #ANONYMOUS} (decision 0021).
 */
final class ApiKeys {
    static final String ANONYMOUS = OwnerIds.ANONYMOUS;
    private final List<byte[]> keys;
    private final List<byte[]> adminKeys;
    private final LoopbackGuard keyless;

    ApiKeys(OrchestratorConfig config) {
        this.keys = bytes(config.apiKeys());
        this.adminKeys = bytes(config.adminApiKeys());
        this.keyless = new LoopbackGuard(config.loopbackOnly());
    }

    boolean enabled() {
        return !keys.isEmpty() || !adminKeys.isEmpty();
    }

    /**
     * Checks the request; returns a stable, non-secret caller id (a key fingerprint) that owns the jobs it submits
     * and scopes its idempotency keys, and marks an admin's (or, without keys, everyone's) request with
     * {@link JobAccess#seesAll}.
     */
    String authenticate(Context ctx) {
        if (!enabled()) {
            keyless.check(ctx);
            JobAccess.seesAll(ctx);
            return ANONYMOUS;
        }
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
            for (byte[] key : adminKeys) {
                if (MessageDigest.isEqual(key, presented)) {
                    JobAccess.seesAll(ctx);
                    return fingerprint(key);
                }
            }
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

    /** For the dashboard's files, which need no key: only the keyless {@link LoopbackGuard}, when there are no keys. */
    void guardKeyless(Context ctx) {
        if (!enabled()) {
            keyless.check(ctx);
        }
    }

    private static List<byte[]> bytes(List<Secret> secrets) {
        return secrets.stream().map(k -> k.reveal().getBytes(StandardCharsets.UTF_8)).toList();
    }

    private static String fingerprint(byte[] key) {
        return OwnerIds.of(key);
    }
}
