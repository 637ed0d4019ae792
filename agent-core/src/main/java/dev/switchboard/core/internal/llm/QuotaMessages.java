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
        return Math.max(0, n.path("pauseMillis").asLong());
    }

    static ReadClaim readClaim(JsonNode n) {
        return new ReadClaim(n.path("seq").asLong(), new QuotaLedger.Claim(n.path("member").asText(),
                new QuotaLedger.Amounts(n.path("holdRequests").asLong(), n.path("holdTokens").asLong()),
                new QuotaLedger.Amounts(n.path("wantRequestsPerSecond").asLong(), n.path("wantTokensPerMinute").asLong()),
                new QuotaLedger.Amounts(n.path("demandRequests").asLong(), n.path("demandTokens").asLong()),
                n.path("leaving").asBoolean(false)));
    }
}
