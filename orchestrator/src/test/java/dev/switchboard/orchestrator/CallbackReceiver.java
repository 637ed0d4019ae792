package dev.switchboard.orchestrator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP endpoint on loopback that records callback deliveries (with their headers); answers a
 * scripted status sequence, then 200, optionally each after a delay.
 */
final class CallbackReceiver implements AutoCloseable {
    /** One request as received; {@code receivedAtNanos} is {@link System#nanoTime()} when its body had arrived. */
    record Delivery(String jobId, String signature, byte[] body, Map<String, String> headers, long receivedAtNanos) {
        String webhookId() {
            return headers.get("Webhook-id");
        }
    }

    private final HttpServer server;
    private final List<Delivery> deliveries = Collections.synchronizedList(new ArrayList<>());

    private CallbackReceiver(Duration delay, int... statuses) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(8));
        AtomicInteger n = new AtomicInteger();
        server.createContext("/hook", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                Map<String, String> headers = new HashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
                deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("Switchboard-Job-Id"),
                        exchange.getRequestHeaders().getFirst("Switchboard-Signature"), body, Map.copyOf(headers), System.nanoTime()));
                if (!delay.isZero()) {
                    try {
                        Thread.sleep(delay.toMillis()); // the slow receiver under test
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                int i = n.getAndIncrement();
                int status = i < statuses.length ? statuses[i] : 200;
                exchange.sendResponseHeaders(status, -1);
            }
        });
        server.start();
    }

    static CallbackReceiver start(int... statuses) {
        try {
            return new CallbackReceiver(Duration.ZERO, statuses);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers 200 to every request, each after {@code delay}. */
    static CallbackReceiver slow(Duration delay) {
        try {
            return new CallbackReceiver(delay);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<Delivery> deliveries() {
        synchronized (deliveries) {
            return List.copyOf(deliveries);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
