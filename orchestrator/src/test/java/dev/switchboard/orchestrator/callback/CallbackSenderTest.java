package dev.switchboard.orchestrator.callback;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.URI;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real HTTP against a loopback server. */
class CallbackSenderTest {
    private HttpServer server;
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger redirectHits = new AtomicInteger();
    private final List<Map<String, String>> seen = new CopyOnWriteArrayList<>();

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
        server.createContext("/signed", ex -> {
            try (ex) {
                byte[] body = ex.getRequestBody().readAllBytes();
                Map<String, String> headers = new HashMap<>();
                ex.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
                seen.add(headers);
                hits.incrementAndGet();
                ex.sendResponseHeaders(CallbackSignature.verify("k-secret-for-tests", headers, body) ? 204 : 401, -1);
            }
        });
        server.createContext("/see-other", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                redirectHits.incrementAndGet();
                ex.getResponseHeaders().add("Location", "/hook");
                ex.sendResponseHeaders(303, -1);
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
    void shouldGiveEachRevisionOfAReportItsOwnWebhookIdAndARevisionHeader() throws Exception {
        // Given a receiver that verifies the Standard Webhooks signature
        CallbackSender sender = new CallbackSender(CallbackSignature.key("k-secret-for-tests"), true, 3, Duration.ofSeconds(2),
                Duration.ofMillis(10));

        // When a job's first report and its amendment (revision 2) are delivered
        CallbackSender.Outcome first = sender.deliver(url("/signed"), "job-1", 1, "{\"revision\":1}".getBytes(StandardCharsets.UTF_8));
        CallbackSender.Outcome amended = sender.deliver(url("/signed"), "job-1", 2, "{\"revision\":2}".getBytes(StandardCharsets.UTF_8));
        sender.close();

        // Then both verify; the first keeps the id it always had, the amendment has its own, and each says its revision
        assertThat(first.delivered()).as(first.detail()).isTrue();
        assertThat(amended.delivered()).as(amended.detail()).isTrue();
        assertThat(seen).extracting(h -> h.get("Webhook-id")).containsExactly("msg_job-1", "msg_job-1_r2");
        assertThat(seen).extracting(h -> h.get("Switchboard-revision")).containsExactly("1", "2");
    }

    @Test
    void shouldNotRetryAClientError() throws Exception {
        CallbackSender.Outcome outcome = sender(true).deliver(url("/bad"), "job", "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(outcome.detail()).contains("HTTP 400");
    }

    @Test
    void shouldSignWithStandardWebhooksHeadersThatStayTheSameAcrossAttempts() throws Exception {
        // Given a receiver that verifies the Standard Webhooks signature
        CallbackSender sender = new CallbackSender(CallbackSignature.key("k-secret-for-tests"), true, 3, Duration.ofSeconds(2),
                Duration.ofMillis(10));

        // When a report is delivered twice (a redelivery)
        CallbackSender.Outcome first = sender.deliver(url("/signed"), "job-1", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        CallbackSender.Outcome again = sender.deliver(url("/signed"), "job-1", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        sender.close();

        // Then both verify, and both carry the same webhook-id
        assertThat(first.delivered()).as(first.detail()).isTrue();
        assertThat(again.delivered()).isTrue();
        assertThat(seen).extracting(h -> h.get("Webhook-id")).containsExactly("msg_job-1", "msg_job-1");
        assertThat(seen.get(0)).containsKeys("Webhook-timestamp", "Webhook-signature", "Switchboard-job-id", "Switchboard-signature");
    }

    @Test
    void shouldNotRePostAfterA303() throws Exception {
        CallbackSender.Outcome outcome = sender(true).deliver(url("/see-other"), "job", "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(outcome.detail()).contains("HTTP 303");
        assertThat(redirectHits).hasValue(1);
        assertThat(hits).hasValue(0);
    }

    @Test
    void shouldEndATricklingBodyAtTheWholeExchangeDeadline() throws Exception {
        // Given a receiver that sends its headers, then one body byte a second
        try (RawReceiver trickle = RawReceiver.trickling()) {
            CallbackSender sender = new CallbackSender("k".getBytes(StandardCharsets.UTF_8), true, 2, Duration.ofSeconds(1),
                    Duration.ofMillis(10));
            long started = System.nanoTime();

            // When a callback is delivered there
            CallbackSender.Outcome outcome = sender.deliver(trickle.url(), "job", "{}".getBytes(StandardCharsets.UTF_8));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            sender.close();

            // Then each attempt ended at its 1 s deadline although the body was still coming
            assertThat(outcome.delivered()).isFalse();
            assertThat(outcome.attempts()).isEqualTo(2);
            assertThat(trickle.connections()).isEqualTo(2);
            assertThat(took).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void shouldRefuseANameThatResolvesToAPrivateAddressAndConnectNowhere() throws Exception {
        // Given a public-looking name that resolves to loopback, where something listens
        try (RawReceiver listening = RawReceiver.blackHole()) {
            CallbackSender sender = new CallbackSender("k".getBytes(StandardCharsets.UTF_8), uri -> CallbackUrls.checkForm(uri, false),
                    CallbackUrls::checkAddresses, host -> new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})},
                    3, Duration.ofSeconds(2), Duration.ofMillis(10), java.time.Clock.systemUTC());

            // When a callback is delivered to it
            CallbackSender.Outcome outcome = sender.deliver("http://hooks.example.com:" + listening.port() + "/hook", "job",
                    "{}".getBytes(StandardCharsets.UTF_8));
            sender.close();

            // Then it is refused once, and nothing connected
            assertThat(outcome.delivered()).isFalse();
            assertThat(outcome.attempts()).isEqualTo(1);
            assertThat(outcome.detail()).startsWith("refused").contains("127.0.0.1");
            assertThat(listening.connections()).isZero();
        }
    }

    @Test
    void shouldConnectToTheAddressThatWasValidatedNotToARebindingAnswer() throws Exception {
        // Given a name whose first answer is allowed (127.0.0.2) and every later answer is not (127.0.0.1),
        // with a receiver listening on each, on one port
        HttpServer allowed = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 8);
        AtomicInteger allowedHits = new AtomicInteger();
        allowed.createContext("/hook", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                allowedHits.incrementAndGet();
                ex.sendResponseHeaders(204, -1);
            }
        });
        allowed.start();
        int port = allowed.getAddress().getPort();
        AtomicInteger lookups = new AtomicInteger();
        try (RawReceiver forbidden = RawReceiver.blackHole(InetAddress.getByName("127.0.0.1"), port)) {
            CallbackSender sender = new CallbackSender("k".getBytes(StandardCharsets.UTF_8), uri -> CallbackUrls.checkForm(uri, true),
                    (host, addresses) -> {
                        for (InetAddress a : addresses) {
                            if (a.getHostAddress().equals("127.0.0.1")) {
                                throw new CallbackRefusedException("forbidden " + a);
                            }
                        }
                    },
                    host -> new InetAddress[] {InetAddress.getByAddress(host,
                            new byte[] {127, 0, 0, (byte) (lookups.incrementAndGet() == 1 ? 2 : 1)})},
                    1, Duration.ofSeconds(2), Duration.ofMillis(10), java.time.Clock.systemUTC());

            // When a callback is delivered to that name
            CallbackSender.Outcome outcome = sender.deliver("http://rebind.example.com:" + port + "/hook", "job",
                    "{}".getBytes(StandardCharsets.UTF_8));
            sender.close();

            // Then the one validated answer was used: one lookup, the allowed receiver got it, the other saw nothing
            assertThat(outcome.delivered()).as(outcome.detail()).isTrue();
            assertThat(lookups).hasValue(1);
            assertThat(allowedHits).hasValue(1);
            assertThat(forbidden.connections()).isZero();
        } finally {
            allowed.stop(0);
        }
    }

    @Test
    void shouldGiveUpALookupThatTakesLongerThanTheTimeout() throws Exception {
        // Given a name whose lookup hangs for a minute, and a 1 s timeout
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        CallbackSender sender = new CallbackSender("k".getBytes(StandardCharsets.UTF_8), uri -> CallbackUrls.checkForm(uri, true),
                (host, addresses) -> { }, host -> {
                    try {
                        never.await(60, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new InetAddress[] {InetAddress.getLoopbackAddress()};
                }, 1, Duration.ofSeconds(1), Duration.ofMillis(10), java.time.Clock.systemUTC());

        // When a callback is delivered to it
        long started = System.nanoTime();
        CallbackSender.Outcome outcome = sender.deliver("http://slow-dns.example.com:8080/hook", "job", "{}".getBytes(StandardCharsets.UTF_8));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        sender.close();

        // Then the attempt failed within the exchange deadline (1 s + 1 s grace), not after the lookup
        assertThat(outcome.delivered()).isFalse();
        assertThat(took).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void shouldKeepHangingLookupsToABoundedNumberOfThreads() throws Exception {
        // Given names whose lookups hang for a minute (each keeps its thread after the 250 ms deadline)
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
        CallbackSender sender = new CallbackSender("k".getBytes(StandardCharsets.UTF_8), uri -> CallbackUrls.checkForm(uri, true),
                (host, addresses) -> { }, host -> {
                    started.incrementAndGet();
                    try {
                        never.await(60, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new InetAddress[] {InetAddress.getLoopbackAddress()};
                }, 1, Duration.ofMillis(250), Duration.ofMillis(10), java.time.Clock.systemUTC());
        try {
            // When more callbacks than the lookup bound are delivered one after another, each giving up after 250 ms
            for (int i = 0; i < CallbackSender.MAX_LOOKUPS + 4; i++) {
                CallbackSender.Outcome outcome = sender.deliver("http://slow-dns-" + i + ".example.com:8080/hook", "job",
                        "{}".getBytes(StandardCharsets.UTF_8));
                assertThat(outcome.delivered()).isFalse();
            }

            // Then no more lookups ran than the bound, and the ones over it failed as retryable, saying why
            assertThat(started).hasValue(CallbackSender.MAX_LOOKUPS);
            CallbackSender.Outcome over = sender.deliver("http://one-more.example.com:8080/hook", "job", "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(over.detail()).contains("name lookups in progress");
        } finally {
            never.countDown();
            sender.close();
        }
    }

    @Test
    void shouldRefuseToDeliverWithoutASigningKey() throws Exception {
        CallbackSender sender = new CallbackSender(new byte[0], true, 3, Duration.ofSeconds(1), Duration.ofMillis(10));
        CallbackSender.Outcome outcome = sender.deliver("http://127.0.0.1:9/hook", "job", "{}".getBytes(StandardCharsets.UTF_8));
        sender.close();
        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.detail()).startsWith("refused").contains("secret");
    }

    @Test
    void shouldRefuseAPortOutsideThePolicy() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CallbackUrls.checkForm(URI.create("https://hooks.example.com:22/x"), false))
                .isInstanceOf(CallbackRefusedException.class).hasMessageContaining("port 22");
        org.assertj.core.api.Assertions.assertThatCode(() -> CallbackUrls.checkForm(URI.create("https://hooks.example.com:8443/x"), false))
                .doesNotThrowAnyException();
    }
}
