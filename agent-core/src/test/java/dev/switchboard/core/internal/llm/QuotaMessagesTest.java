package dev.switchboard.core.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.core.internal.llm.QuotaLedger.Amounts;
import org.junit.jupiter.api.Test;

class QuotaMessagesTest {
    private static final Amounts SOME = new Amounts(2, 100);

    private static ObjectNode claim() {
        QuotaLedger.Terms terms = new QuotaLedger.Terms(new Amounts(8, 1000), new Amounts(1030, 60_000), 4500);
        byte[] bytes = QuotaMessages.claim("acct", 1, new QuotaLedger.Claim("m-1", SOME, SOME, SOME, false, terms, SOME));
        return (ObjectNode) Json.fromBytes(bytes, JsonNode.class);
    }

    @Test
    void shouldReadTheClaimsAGatewayWrites() {
        assertThat(QuotaMessages.readClaim(claim())).hasValueSatisfying(r -> assertThat(r.claim().member()).isEqualTo("m-1"));
    }

    @Test
    void shouldSkipClaimsNoGatewayCouldHaveWritten() {
        // Given claims that would let the ledger grant past the limit, or stop the account for ever
        // When they are read, Then each is skipped
        assertThat(QuotaMessages.readClaim(claim().put("holdRequests", -50))).isEmpty();
        assertThat(QuotaMessages.readClaim(claim().put("usedTokens", -1))).isEmpty();
        assertThat(QuotaMessages.readClaim(claim().put("limitRequests", 0))).isEmpty();
        assertThat(QuotaMessages.readClaim(claim().put("leaseMillis", Long.MAX_VALUE))).isEmpty();
        assertThat(QuotaMessages.readClaim(claim().put("leaseMillis", 0))).isEmpty();
        assertThat(QuotaMessages.readClaim(claim().put("windowTokensMillis", -5))).isEmpty();
        assertThat(QuotaMessages.readClaim(claim().put("member", ""))).isEmpty();
    }

    @Test
    void shouldNeverPauseLongerThanTheLongestRetryAfter() {
        JsonNode forever = Json.fromBytes(QuotaMessages.pause("acct", Long.MAX_VALUE), JsonNode.class);
        assertThat(QuotaMessages.pauseMillis(forever)).isEqualTo(RetryAfter.MAX.toMillis());
    }
}
