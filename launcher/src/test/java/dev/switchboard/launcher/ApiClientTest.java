package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code submit --wait} against a server that cannot hold a long poll: it backs off and honours Retry-After. */
class ApiClientTest {
    private final HttpServer server;
    private final AtomicInteger polls = new AtomicInteger();
    private final List<String> queries = new CopyOnWriteArrayList<>();

    ApiClientTest() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // a server that answers every long poll at once: 202, not ready, retry after 1 s
        server.createContext("/v1/jobs/", exchange -> {
            polls.incrementAndGet();
            queries.add(exchange.getRequestURI().getQuery());
            byte[] body = "{\"status\":\"RUNNING\",\"detail\":\"The report is not ready yet\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Retry-After", "1");
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(202, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void shouldPauseAtLeastRetryAfterBetweenPollsThatComeBackAtOnce() throws Exception {
        // Given the client waiting 3 s for a report that never comes, from a server that does not hold the poll
        ApiClient client = new ApiClient("http://127.0.0.1:" + server.getAddress().getPort(), null);

        // When it waits
        long started = System.nanoTime();
        assertThat(client.awaitReport("01a2258e-f1bb-7e12-8107-64c7015477bb", Duration.ofSeconds(3))).isEmpty();

        // Then it asked a handful of times (Retry-After: 1), not back-to-back, and gave up at its timeout
        assertThat(polls.get()).isBetween(2, 5);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(2_500), Duration.ofSeconds(10));
        // And it never asked the server to hold a poll longer than the time it had left
        assertThat(queries).allSatisfy(q -> assertThat(Integer.parseInt(q.replace("waitSeconds=", ""))).isBetween(1, 3));
    }
}
