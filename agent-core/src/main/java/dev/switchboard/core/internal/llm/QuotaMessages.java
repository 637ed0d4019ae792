package dev.switchboard.core.internal.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contracts.message.Json;
import java.io.IOException;
import java.util.Optional;

/**
 * The quota topic's records (JSON): a claim, keyed {@code <account>/<member>}, and an account-wide
 * pause, keyed {@code <account>/pause}. A pause says how long from its append time, not until when:
 * the writer does not know the broker's clock.
 */
final class QuotaMessages {
    private QuotaMessages() {
    }

    /** A claim as read back: the ledger's claim plus the writer's sequence number. */
    record ReadClaim(long seq, QuotaLedger.Claim claim) {
    }

    static String claimKey(String account, String member) {
        return account + "/" + member;
    }

    static String pauseKey(String account) {
        return account + "/pause";
    }

    static byte[] claim(String account, long seq, QuotaLedger.Claim c) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("account", account).put("member", c.member()).put("seq", seq)
                .put("holdRequests", c.hold().requests()).put("holdTokens", c.hold().tokens())
                .put("wantRequestsPerSecond", c.want().requests()).put("wantTokensPerMinute", c.want().tokens())
                .put("demandRequests", c.demand().requests()).put("demandTokens", c.demand().tokens())
                .put("leaving", c.leaving());
        if (c.terms() != null) {
            n.put("limitRequests", c.terms().limits().requests()).put("limitTokens", c.terms().limits().tokens())
                    .put("windowRequestsMillis", c.terms().windows().requests())
                    .put("windowTokensMillis", c.terms().windows().tokens()).put("leaseMillis", c.terms().leaseMillis());
        }
        if (c.used() != null) {
            n.put("usedRequests", c.used().requests()).put("usedTokens", c.used().tokens());
        }
        return Json.toBytes(n);
    }

    static byte[] pause(String account, long pauseMillis) {
        return Json.toBytes(Json.mapper().createObjectNode().put("account", account).put("pauseMillis", pauseMillis));
    }

    /** The record's JSON if it belongs to {@code account}; empty for tombstones, other accounts and garbage. */
    static Optional<JsonNode> forAccount(byte[] value, String account) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            JsonNode n = Json.mapper().readTree(value);
            return n != null && account.equals(n.path("account").asText(null)) ? Optional.of(n) : Optional.empty();
        } catch (IOException garbage) {
            return Optional.empty();
        }
    }

    static boolean isPause(JsonNode n) {
        return n.has("pauseMillis");
    }

    static long pauseMillis(JsonNode n) {
        // a record on the topic may say anything: a pause is never longer than the longest Retry-After we honour
        return Math.max(0, Math.min(RetryAfter.MAX.toMillis(), n.path("pauseMillis").asLong()));
    }

    /** A claim; one from an older writer, without terms or used, is read with {@code null} for them (the ledger's own, all held). */
    static java.util.Optional<ReadClaim> readClaim(JsonNode n) {
        QuotaLedger.Terms terms = n.has("leaseMillis") ? new QuotaLedger.Terms(amounts(n, "limitRequests", "limitTokens"),
                amounts(n, "windowRequestsMillis", "windowTokensMillis"), n.path("leaseMillis").asLong()) : null;
        ReadClaim read = new ReadClaim(n.path("seq").asLong(), new QuotaLedger.Claim(n.path("member").asText(),
                amounts(n, "holdRequests", "holdTokens"), amounts(n, "wantRequestsPerSecond", "wantTokensPerMinute"),
                amounts(n, "demandRequests", "demandTokens"), n.path("leaving").asBoolean(false), terms,
                n.has("usedRequests") ? amounts(n, "usedRequests", "usedTokens") : null));
        return sane(read.claim()) ? java.util.Optional.of(read) : java.util.Optional.empty();
    }

    /**
     * Whether a claim can be one a gateway wrote: a member id, no negative amount, and terms a gateway could have (a
     * limit of at least one request, windows and a lease of at most {@link #MAX_TERM_MILLIS}). Anything else is
     * skipped: a negative hold would let the ledger grant past the limit, a zero limit or an endless lease would stop
     * the whole account.
     */
    static boolean sane(QuotaLedger.Claim c) {
        boolean amounts = nonNegative(c.hold()) && nonNegative(c.want()) && nonNegative(c.demand())
                && (c.used() == null || nonNegative(c.used()));
        QuotaLedger.Terms t = c.terms();
        boolean terms = t == null || (t.limits().requests() >= 1 && t.limits().tokens() >= 0
                && t.windows().requests() >= 1 && t.windows().requests() <= MAX_TERM_MILLIS
                && t.windows().tokens() >= 1 && t.windows().tokens() <= MAX_TERM_MILLIS
                && t.leaseMillis() >= 1 && t.leaseMillis() <= MAX_TERM_MILLIS);
        return !c.member().isBlank() && amounts && terms;
    }

    /** The longest window or lease a claim may state (an hour: above any a gateway uses, the heartbeat being ≤ 10 min). */
    static final long MAX_TERM_MILLIS = 3_600_000;

    private static boolean nonNegative(QuotaLedger.Amounts a) {
        return a.requests() >= 0 && a.tokens() >= 0;
    }

    private static QuotaLedger.Amounts amounts(JsonNode n, String requests, String tokens) {
        return new QuotaLedger.Amounts(n.path(requests).asLong(), n.path(tokens).asLong());
    }
}
