package dev.switchboard.orchestrator.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallbackSignatureTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final long SENT = 1614265330L;

    private static Clock at(long epochSecond) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }

    private static Map<String, String> headers(String id, long timestamp, String signature) {
        return Map.of("Webhook-Id", id, "Webhook-Timestamp", Long.toString(timestamp), "Webhook-Signature", signature);
    }

    @Test
    void shouldSignLikeTheStandardWebhooksReferenceVector() {
        // Given the reference libraries' test secret, id, timestamp and payload
        // When signed
        String signature = CallbackSignature.sign(CallbackSignature.key(SECRET), "msg_p5jXN8AQM9LWM0D4loKWxJek", SENT, BODY);

        // Then it is the signature those libraries expect
        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void shouldVerifyAFreshSignatureAmongSeveral() {
        String signature = CallbackSignature.sign(CallbackSignature.key(SECRET), "msg_1", SENT, BODY);

        assertThat(CallbackSignature.verify(SECRET, headers("msg_1", SENT, "v1,bm90IGl0 " + signature), BODY,
                Duration.ofMinutes(5), at(SENT + 299))).isTrue();
    }

    @Test
    void shouldRefuseAReplayedOrFutureTimestamp() {
        String signature = CallbackSignature.sign(CallbackSignature.key(SECRET), "msg_1", SENT, BODY);

        // a capture replayed six minutes later, and a timestamp six minutes ahead
        assertThat(CallbackSignature.verify(SECRET, headers("msg_1", SENT, signature), BODY, Duration.ofMinutes(5), at(SENT + 360)))
                .isFalse();
        assertThat(CallbackSignature.verify(SECRET, headers("msg_1", SENT, signature), BODY, Duration.ofMinutes(5), at(SENT - 360)))
                .isFalse();
    }

    @Test
    void shouldRefuseATamperedBodyIdOrTimestampAndAWrongSecret() {
        String signature = CallbackSignature.sign(CallbackSignature.key(SECRET), "msg_1", SENT, BODY);
        Clock now = at(SENT);

        assertThat(CallbackSignature.verify(SECRET, headers("msg_1", SENT, signature), "{}".getBytes(StandardCharsets.UTF_8),
                Duration.ofMinutes(5), now)).isFalse();
        assertThat(CallbackSignature.verify(SECRET, headers("msg_2", SENT, signature), BODY, Duration.ofMinutes(5), now)).isFalse();
        assertThat(CallbackSignature.verify(SECRET, headers("msg_1", SENT + 1, signature), BODY, Duration.ofMinutes(5), at(SENT + 1)))
                .isFalse();
        assertThat(CallbackSignature.verify("another-secret-1234", headers("msg_1", SENT, signature), BODY, Duration.ofMinutes(5), now))
                .isFalse();
        assertThat(CallbackSignature.verify(SECRET, Map.of("webhook-id", "msg_1"), BODY, Duration.ofMinutes(5), now)).isFalse();
    }

    @Test
    void shouldUseAPlainSecretAsItsUtf8Bytes() {
        assertThat(CallbackSignature.key("plain-secret-é")).isEqualTo("plain-secret-é".getBytes(StandardCharsets.UTF_8));
        assertThat(CallbackSignature.key("whsec_AQID")).containsExactly(1, 2, 3);
    }

    @Test
    void shouldRefuseToSignWithAnEmptyKeyAndNameABadWhsecSecretWithoutEchoingIt() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CallbackSignature.sign(new byte[0], "msg_1", SENT, BODY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty key");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CallbackSignature.key("whsec_not*base64"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base64").hasMessageNotContaining("not*base64");
    }
}
