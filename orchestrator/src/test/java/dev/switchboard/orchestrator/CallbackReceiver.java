package dev.switchboard.orchestrator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP endpoint on loopback that records callback deliveries; answers a scripted status sequence, then 200. */
final class CallbackReceiver implements AutoCloseable {
    record Delivery(String jobId, String signature, byte[] body) {
    }

    private final HttpServer server;
    private final List<Delivery> deliveries = Collections.synchronizedList(new ArrayList<>());

    private CallbackReceiver(int... statuses) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        AtomicInteger n = new AtomicInteger();
        server.createContext("/hook", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("Switchboard-Job-Id"),
                        exchange.getRequestHeaders().getFirst("Switchboard-Signature"), body));
                int i = n.getAndIncrement();
                int status = i < statuses.length ? statuses[i] : 200;
                exchange.sendResponseHeaders(status, -1);
            }
        });
        server.start();
    }

    static CallbackReceiver start(int... statuses) {
        try {
            return new CallbackReceiver(statuses);
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
    }
}
