package dev.switchboard.observability.management;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's management endpoint, on its own port, connector and threads (the JDK's HTTP server, two threads, a
 * bounded queue: a slow scraper cannot take work from the service, nor the service from the scraper).
 * A client that sends part of a request and stalls holds a thread only until the JDK server's request timeout
 * ({@value #REQUEST_SECONDS} s; {@value #RESPONSE_SECONDS} s for a client that stops reading a response), set here
 * unless the process sets {@code sun.net.httpserver.maxReqTime}/{@code maxRspTime} itself: the JDK has none by
 * default, and two stalled connections would starve the probes for good. The properties are read once, when the JDK
 * server's configuration class loads, so they are set before this class creates its first server.
 * {@code GET}/{@code HEAD} only: {@code /metrics} (Prometheus text), {@code /health/live} (200 while the process
 * answers), {@code /health/ready} (200 or 503 with {@code status}, {@code checks}, {@code failing}); 404 otherwise.
 */
public final class ManagementServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ManagementServer.class);
    static final int THREADS = 2;
    static final int QUEUE = 16;
    static final int REQUEST_SECONDS = 5;
    static final int RESPONSE_SECONDS = 30;

    static {
        boundWhatAClientMayHold("sun.net.httpserver.maxReqTime", REQUEST_SECONDS);
        boundWhatAClientMayHold("sun.net.httpserver.maxRspTime", RESPONSE_SECONDS);
    }
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final PrometheusMeterRegistry registry;
    private final ReadinessChecks readiness;

    private ManagementServer(String host, int port, PrometheusMeterRegistry registry, ReadinessChecks readiness) throws IOException {
        this.registry = registry;
        this.readiness = readiness;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "switchboard-management-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
        this.server = HttpServer.create(new InetSocketAddress(host, port), QUEUE);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    private static void boundWhatAClientMayHold(String property, int seconds) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(seconds));
        }
    }

    /** Serves on {@code host:port} (port 0: any free port, see {@link #port()}) until closed. */
    public static ManagementServer start(String host, int port, PrometheusMeterRegistry registry, ReadinessChecks readiness) {
        try {
            ManagementServer management = new ManagementServer(host, port, registry, readiness);
            management.server.start();
            log.info("Management endpoint on http://{}:{} (/metrics, /health/live, /health/ready)", host, management.port());
            return management;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not serve the management endpoint on " + host + ":" + port
                    + " (set " + ManagementSettings.PORT.envName() + " to a free port)", e);
        }
    }

    /** Serves as the settings say: nothing when no port is set. */
    public static Optional<ManagementServer> startIfEnabled(ManagementSettings settings, PrometheusMeterRegistry registry,
                                                            ReadinessChecks readiness) {
        return settings.enabled() ? Optional.of(start(settings.host(), settings.port(), registry, readiness)) : Optional.empty();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, "text/plain; charset=utf-8", "Method not allowed\n");
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/metrics" -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
                case "/health/live" -> respond(exchange, 200, "application/json", json(Map.of("status", ReadinessChecks.UP)));
                case "/health/ready" -> ready(exchange);
                default -> respond(exchange, 404, "text/plain; charset=utf-8", "Not found\n");
            }
        } catch (RuntimeException e) {
            log.warn("Management request {} failed: {}", exchange.getRequestURI(), e.toString());
        }
    }

    private void ready(HttpExchange exchange) throws IOException {
        ReadinessChecks.Result result = readiness.evaluate();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", result.ready() ? ReadinessChecks.UP : ReadinessChecks.DOWN);
        body.put("checks", result.checks());
        body.put("failing", result.failing());
        respond(exchange, result.ready() ? 200 : 503, "application/json", json(body));
    }

    private static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
