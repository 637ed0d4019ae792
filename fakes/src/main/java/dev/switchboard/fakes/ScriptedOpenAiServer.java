package dev.switchboard.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A real HTTP server on loopback that speaks enough of the OpenAI chat-completions API for
 * langchain4j's {@code OpenAiChatModel}: it answers from a script (a queue of replies, then a
 * fallback) and records every request with its arrival time.
 */
public final class ScriptedOpenAiServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong ids = new AtomicLong();
    private volatile Function<Request, Reply> fallback = r -> Reply.content("{}");
    private volatile RateWindow rateWindow;
    private volatile boolean refuseResponseFormat;
    private final AtomicLong acceptedCount = new AtomicLong();
    private final AtomicLong refusedCount = new AtomicLong();

    private ScriptedOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        // threads started up front: thread creation would skew the recorded arrival times
        ThreadPoolExecutor pool = new ThreadPoolExecutor(64, 64, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "scripted-openai");
            t.setDaemon(true);
            return t;
        });
        pool.prestartAllCoreThreads();
        executor = pool;
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static ScriptedOpenAiServer start() {
        try {
            return new ScriptedOpenAiServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL to give an OpenAI client, ending in {@code /v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Replies used in order, one per request, before the fallback. */
    public ScriptedOpenAiServer enqueue(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** The reply for every request once the queue is empty. */
    public ScriptedOpenAiServer otherwise(Function<Request, Reply> fallback) {
        this.fallback = fallback;
        return this;
    }

    /** Every request so far, in arrival order. */
    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public int requestCount() {
        return requests.size();
    }

    /**
     * Enforces a provider's requests-per-second limit: a request that would make more than {@code perSecond} accepted
     * arrivals in the preceding 1000 ms is answered 429 with {@code Retry-After: 1} (recorded, not counted as
     * accepted, the script untouched); answers carry {@code x-ratelimit-remaining-requests} and
     * {@code x-ratelimit-reset-requests} as OpenAI's do.
     */
    public ScriptedOpenAiServer refuseOverRate(int perSecond) {
        rateWindow = new RateWindow(perSecond, System::nanoTime);
        return this;
    }

    /**
     * Acts as an OpenAI-compatible server without structured output: a request with a {@code response_format} is
     * answered 400 naming it (recorded, the script untouched), as vLLM, Ollama and others answer.
     */
    public ScriptedOpenAiServer refuseResponseFormat() {
        refuseResponseFormat = true;
        return this;
    }

    /** Requests answered from the script or the fallback (every request when no rate is enforced). */
    public long acceptedCount() {
        return acceptedCount.get();
    }

    /** Requests refused with a 429 for going over the rate set by {@link #refuseOverRate(int)}. */
    public long refusedCount() {
        return refusedCount.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            RateWindow window = rateWindow;
            RateWindow.Admission admission = window == null ? null : window.admit();
            long arrival = admission == null ? System.nanoTime() : admission.arrivalNanos();
            boolean refused = admission != null && !admission.accepted();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JsonNode json;
            try {
                json = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
            } catch (IOException e) {
                json = JSON.createObjectNode();
            }
            Request request = new Request(arrival, Instant.now(), exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(), body, json, refused);
            requests.add(request);
            (refused ? refusedCount : acceptedCount).incrementAndGet();
            Reply reply = refused ? Reply.rateLimited(1)
                    : refuseResponseFormat && !request.responseFormat().isMissingNode() ? Reply.status(400,
                            "{\"error\":{\"message\":\"response_format of type json_schema is not supported by this server\","
                                    + "\"type\":\"invalid_request_error\",\"param\":\"response_format\"}}")
                    : script.poll();
            if (reply == null) {
                reply = fallback.apply(request);
            }
            if (admission != null) {
                reply = reply.withHeader("x-ratelimit-remaining-requests", Integer.toString(admission.remaining()))
                        .withHeader("x-ratelimit-reset-requests", TimeUnit.NANOSECONDS.toMillis(admission.resetNanos()) + "ms");
            }
            if (!reply.delay().isZero()) {
                Thread.sleep(reply.delay().toMillis());
            }
            byte[] bytes = (reply.status() == 200 && reply.content() != null
                    ? completion(reply.content(), request) : reply.body()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away (e.g. its timeout fired): nothing to answer
        }
    }

    private String completion(String content, Request request) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-" + ids.incrementAndGet());
        root.put("object", "chat.completion");
        root.put("created", Instant.now().getEpochSecond());
        root.put("model", request.json().path("model").asText("scripted-model"));
        ArrayNode choices = root.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", content);
        choice.put("finish_reason", "stop");
        ObjectNode usage = root.putObject("usage");
        int prompt = Math.max(1, request.body().length() / 4);
        int completion = Math.max(1, content.length() / 4);
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", prompt + completion);
        return JSON.writeValueAsString(root);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** One recorded request; {@code refused} when answered 429 for going over {@link #refuseOverRate(int)}'s rate. */
    public record Request(long arrivalNanos, Instant arrivedAt, String method, String path, String body, JsonNode json,
            boolean refused) {

        public Request(long arrivalNanos, Instant arrivedAt, String method, String path, String body, JsonNode json) {
            this(arrivalNanos, arrivedAt, method, path, body, json, false);
        }

        /** The request's {@code response_format} (e.g. {@code {"type":"json_schema","json_schema":{...}}}); missing when none. */
        public JsonNode responseFormat() {
            return json.path("response_format");
        }

        /** The text of every message, in order. */
        public List<String> messages() {
            List<String> out = new ArrayList<>();
            json.path("messages").forEach(m -> out.add(m.path("content").asText()));
            return out;
        }

        public String systemMessage() {
            for (JsonNode m : json.path("messages")) {
                if (m.path("role").asText().equals("system")) {
                    return m.path("content").asText();
                }
            }
            return "";
        }

        public String lastUserMessage() {
            String last = "";
            for (JsonNode m : json.path("messages")) {
                if (m.path("role").asText().equals("user")) {
                    last = m.path("content").asText();
                }
            }
            return last;
        }
    }

    /** One scripted answer: a chat completion with {@code content}, or a raw status and body. */
    public record Reply(int status, String content, String body, Map<String, String> headers, Duration delay) {

        public static Reply content(String content) {
            return new Reply(200, content, null, Map.of(), Duration.ZERO);
        }

        public static Reply status(int status, String body) {
            return new Reply(status, null, body, Map.of(), Duration.ZERO);
        }

        /** A 429 with {@code Retry-After} in seconds. */
        public static Reply rateLimited(int retryAfterSeconds) {
            return status(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit_exceeded\"}}")
                    .withHeader("Retry-After", Integer.toString(retryAfterSeconds));
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Reply(status, content, body, Map.copyOf(h), delay);
        }

        public Reply withDelay(Duration delay) {
            return new Reply(status, content, body, headers, delay);
        }
    }
}
