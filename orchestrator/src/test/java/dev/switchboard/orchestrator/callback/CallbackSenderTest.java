package dev.switchboard.orchestrator.callback;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real HTTP against a loopback server. */
class CallbackSenderTest {
    private HttpServer server;
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger redirectHits = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/hook", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                hits.incrementAndGet();
                ex.sendResponseHeaders(204, -1);
            }
        });
        server.createContext("/bad", ex -> {
            try (ex) {
                hits.incrementAndGet();
                ex.sendResponseHeaders(400, -1);
            }
        });
        server.createContext("/moved", ex -> {
            try (ex) {
                redirectHits.incrementAndGet();
                ex.getResponseHeaders().add("Location", "/hook");
                ex.sendResponseHeaders(307, -1);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static CallbackSender sender(boolean allowPrivate) {
        return new CallbackSender("k".getBytes(StandardCharsets.UTF_8), allowPrivate, 3, Duration.ofSeconds(2), Duration.ofMillis(10));
    }

    @Test
    void shouldRefuseALoopbackTargetWithoutSendingAnything() throws Exception {
        CallbackSender.Outcome outcome = sender(false).deliver(url("/hook"), "job", "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.detail()).startsWith("refused").contains("127.0.0.1");
        assertThat(hits).hasValue(0);
    }

    @Test
    void shouldFollowARedirectOnlyAfterCheckingItsTarget() throws Exception {
        CallbackSender.Outcome outcome = sender(true).deliver(url("/moved"), "job", "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(outcome.delivered()).isTrue();
        assertThat(redirectHits).hasValue(1);
        assertThat(hits).hasValue(1);
    }

    @Test
    void shouldRefuseARedirectToAForbiddenTargetWithoutFollowingIt() throws Exception {
        // the policy treats /moved as a public origin and /hook as a private address
        CallbackSender guarded = new CallbackSender("k".getBytes(StandardCharsets.UTF_8), uri -> {
            if (uri.getPath().equals("/hook")) {
                throw new CallbackRefusedException("callback host resolves to non-public address 10.0.0.1");
            }
        }, 3, Duration.ofSeconds(2), Duration.ofMillis(10));

        CallbackSender.Outcome outcome = guarded.deliver(url("/moved"), "job", "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.detail()).startsWith("refused");
        assertThat(redirectHits).hasValue(1);
        assertThat(hits).hasValue(0);
    }

    @Test
    void shouldNotRetryAClientError() throws Exception {
        CallbackSender.Outcome outcome = sender(true).deliver(url("/bad"), "job", "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(outcome.detail()).contains("HTTP 400");
    }
}
