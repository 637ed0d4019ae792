package dev.switchboard.orchestrator.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CallbackUrlsTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.9.9", "192.168.1.1",
            "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "198.18.0.1",
            "::1", "::", "fd00::1", "fc00::abcd", "fe80::1", "ff02::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1",
            "::ffff:169.254.169.254", "64:ff9b::a00:1", "::10.0.0.1"})
    void shouldRefuseNonPublicAddresses(String address) throws Exception {
        assertThat(CallbackUrls.isForbidden(InetAddress.getByName(address))).as(address).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "93.184.216.34", "172.32.0.1", "100.128.0.1", "2001:4860:4860::8888", "::ffff:8.8.8.8"})
    void shouldAllowPublicAddresses(String address) throws Exception {
        assertThat(CallbackUrls.isForbidden(InetAddress.getByName(address))).as(address).isFalse();
    }

    @Test
    void shouldRefuseUrlsThatAreNotPlainHttpToAPublicHost() {
        assertThat(CallbackUrls.syntaxProblem("ftp://example.com/x")).contains("http or https");
        assertThat(CallbackUrls.syntaxProblem("https://user:pw@example.com/x")).contains("credentials");
        assertThat(CallbackUrls.syntaxProblem("not a url")).isNotNull();
        assertThat(CallbackUrls.syntaxProblem("https:///nohost")).contains("host");
        assertThat(CallbackUrls.syntaxProblem("https://example.com/hook")).isNull();
    }

    @Test
    void shouldRefuseLoopbackAndPrivateTargetsUnlessAllowed() throws Exception {
        assertThatThrownBy(() -> CallbackUrls.checkTarget(URI.create("http://127.0.0.1:9/x"), false))
                .isInstanceOf(CallbackRefusedException.class).hasMessageContaining("127.0.0.1");
        assertThatThrownBy(() -> CallbackUrls.checkTarget(URI.create("http://[::1]:9/x"), false))
                .isInstanceOf(CallbackRefusedException.class);
        assertThatThrownBy(() -> CallbackUrls.checkTarget(URI.create("http://localhost:9/x"), false))
                .isInstanceOf(CallbackRefusedException.class).hasMessageContaining("localhost");
        assertThatThrownBy(() -> CallbackUrls.checkTarget(URI.create("http://169.254.169.254/latest/meta-data"), false))
                .isInstanceOf(CallbackRefusedException.class);
        assertThatThrownBy(() -> CallbackUrls.checkTarget(URI.create("http://[fd00::5]/x"), false))
                .isInstanceOf(CallbackRefusedException.class);
        CallbackUrls.checkTarget(URI.create("http://127.0.0.1:9/x"), true);
    }

    @Test
    void shouldSignTheBodyWithHmacSha256() {
        // RFC 4231 test case 2
        String sig = CallbackSender.signature("Jefe".getBytes(), "what do ya want for nothing?".getBytes());
        assertThat(sig).isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
