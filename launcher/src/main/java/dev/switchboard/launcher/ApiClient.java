package dev.switchboard.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Report;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The orchestrator's HTTP API from the command line. */
final class ApiClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String apiKey;

    ApiClient(String base, String apiKey) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.apiKey = apiKey;
    }

    /** How long {@link #submit} keeps retrying answers that say nothing was submitted yet (503, 429, key in flight). */
    static final Duration SUBMIT_PATIENCE = Duration.ofSeconds(60);

    /**
     * Submits a document; returns the job id. Every submit carries its own {@code Idempotency-Key}, so answers that
     * say "not now" (503 busy, catching up or Kafka unavailable; 429; 409 key in flight) are retried with backoff and
     * {@code Retry-After} for up to {@link #SUBMIT_PATIENCE}, and a retry can never create a second job. A 202 with
     * status {@code UNKNOWN} also returns the id: waiting for the report tells whether it was written.
     */
    String submit(String text, List<String> agents) throws IOException, InterruptedException {
        return submit(text, agents, null);
    }

    /** As {@link #submit(String, List)}, with the job's token budget ({@code null}: the orchestrator's default). */
    String submit(String text, List<String> agents, Long budgetTokens) throws IOException, InterruptedException {
        return submit(text, agents, budgetTokens, null, null);
    }

    /** As {@link #submit(String, List, Long)}, with the job's deadline in seconds and a callback URL (each {@code null}: none given). */
    String submit(String text, List<String> agents, Long budgetTokens, Integer deadlineSeconds, String callbackUrl)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = request("/v1/jobs").header("Idempotency-Key", UUID.randomUUID().toString());
        if ((agents == null || agents.isEmpty()) && budgetTokens == null && deadlineSeconds == null && callbackUrl == null) {
            b.header("Content-Type", "text/plain; charset=utf-8").POST(HttpRequest.BodyPublishers.ofString(text));
        } else {
            ObjectNode body = jobBody(text, agents, budgetTokens, deadlineSeconds, callbackUrl);
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        return patiently(b.build(), 202).path("jobId").asText();
    }

    /** A {@code POST /v1/jobs} JSON body (also a batch item): the document and each option given. */
    private static ObjectNode jobBody(String text, List<String> agents, Long budgetTokens, Integer deadlineSeconds, String callbackUrl) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("document", text);
        if (agents != null && !agents.isEmpty()) {
            agents.forEach(body.putArray("agents")::add);
        }
        if (budgetTokens != null) {
            body.putObject("budget").put("maxTokens", budgetTokens);
        }
        if (deadlineSeconds != null) {
            body.put("deadlineSeconds", deadlineSeconds);
        }
        if (callbackUrl != null) {
            body.put("callbackUrl", callbackUrl);
        }
        return body;
    }

    /** One item's answer of a batch submit: its job id, or the problem's detail. */
    record BatchAnswer(String jobId, String problem) {
    }

    /**
     * Submits every document in one {@code POST /v1/jobs:batch} (decision 0037), each item with its own idempotency key,
     * so the batch is retried like {@link #submit} and no retry creates a second job; answers one entry per document.
     */
    List<BatchAnswer> submitBatch(List<String> texts, List<String> agents, Long budgetTokens, Integer deadlineSeconds,
                                  String callbackUrl) throws IOException, InterruptedException {
        StringBuilder ndjson = new StringBuilder();
        for (String text : texts) {
            ndjson.append(jobBody(text, agents, budgetTokens, deadlineSeconds, callbackUrl)
                    .put("idempotencyKey", UUID.randomUUID().toString())).append('\n');
        }
        JsonNode answer = patiently(request("/v1/jobs:batch").header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(ndjson.toString())).build(), 200);
        List<BatchAnswer> answers = new java.util.ArrayList<>();
        for (JsonNode item : answer.path("items")) {
            answers.add(item.hasNonNull("jobId") ? new BatchAnswer(item.path("jobId").asText(), null)
                    : new BatchAnswer(null, item.path("problem").path("detail").asText(item.path("problem").toString())));
        }
        return answers;
    }

    /** The bytes {@code text} takes as one line of {@link #submitBatch}'s body (its key and newline included). */
    static long batchLineBytes(String text, List<String> agents, Long budgetTokens, Integer deadlineSeconds, String callbackUrl) {
        return jobBody(text, agents, budgetTokens, deadlineSeconds, callbackUrl).put("idempotencyKey", UUID.randomUUID().toString())
                .toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1L;
    }

    /** Sends a submit until it is answered {@code ok}, retrying "not now" answers for up to {@link #SUBMIT_PATIENCE}. */
    private JsonNode patiently(HttpRequest request, int ok) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + SUBMIT_PATIENCE.toNanos();
        Duration backoff = Duration.ofMillis(250);
        while (true) {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == ok) {
                return Json.fromString(r.body(), JsonNode.class);
            }
            Duration pause = max(backoff, retryAfter(r));
            if (!notYet(r) || System.nanoTime() + pause.toNanos() > deadline) {
                throw new IOException("submit failed: HTTP " + r.statusCode() + " " + problem(r.body()));
            }
            Thread.sleep(pause.toMillis());
            backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
        }
    }

    /** An answer after which the same submit, with the same key, may be sent again. */
    private static boolean notYet(HttpResponse<String> r) {
        return r.statusCode() == 503 || r.statusCode() == 429
                || (r.statusCode() == 409 && r.body().contains("idempotency-key-in-flight"));
    }

    /** The longest a long poll asks the API to hold (the API allows 60 s). */
    static final int LONG_POLL_SECONDS = 20;
    /** The longest pause between polls when the API answers at once. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /**
     * Waits for a job's report, up to {@code timeout}, with the API's long poll. When an answer comes back early without
     * the report (a 202 or a 503), it pauses before asking again — at least the answer's {@code Retry-After}, doubling
     * from 250 ms up to {@link #MAX_BACKOFF} — so a server that cannot hold the poll is not asked back-to-back.
     */
    Optional<Report> awaitReport(String jobId, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration backoff = Duration.ofMillis(250);
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            long waitSeconds = Math.max(1, Math.min(LONG_POLL_SECONDS, Duration.ofNanos(left).toSeconds()));
            long asked = System.nanoTime();
            HttpResponse<String> r = http.send(request("/v1/jobs/" + jobId + "/report?waitSeconds=" + waitSeconds).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return Optional.of(Json.fromString(r.body(), Report.class));
            }
            if (r.statusCode() != 202 && r.statusCode() != 503) {
                throw new IOException("report of " + jobId + " failed: HTTP " + r.statusCode() + " " + problem(r.body()));
            }
            boolean heldTheWait = Duration.ofNanos(System.nanoTime() - asked).toSeconds() >= waitSeconds;
            if (!heldTheWait) {
                Duration pause = max(backoff, retryAfter(r));
                long sleepMillis = Math.min(pause.toMillis(), Math.max(0, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
                Thread.sleep(sleepMillis);
                backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
            } else {
                backoff = Duration.ofMillis(250);
            }
        }
    }

    /**
     * One call whose answer is JSON: {@code GET path} when {@code json} is {@code null}, else {@code POST path} with it.
     * Any answer but a 2xx, and an orchestrator that cannot be reached, throw an {@link IOException} that says what to do.
     */
    JsonNode call(String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path);
        if (json == null) {
            b.GET();
        } else {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException e) {
            throw new IOException("cannot reach the orchestrator at " + base + " (is it running? set SWITCHBOARD_URL or --url)", e);
        }
        if (r.statusCode() / 100 == 2) {
            return Json.fromString(r.body(), JsonNode.class);
        }
        String hint = switch (r.statusCode()) {
            case 401 -> " (send a key: SWITCHBOARD_API_KEY or --api-key)";
            case 403 -> " (this needs an admin key, one of the orchestrator's SWITCHBOARD_ADMIN_API_KEYS)";
            default -> "";
        };
        throw new IOException("HTTP " + r.statusCode() + ": " + problem(r.body()) + hint);
    }

    /**
     * Opens a job's event stream ({@code GET /v1/jobs/{id}/events}), after {@code lastEventId} when not {@code null}.
     * The caller reads and closes the body; {@link EventFollower} makes a follow of it.
     */
    HttpResponse<java.io.InputStream> events(String jobId, String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/v1/jobs/" + jobId + "/events")).header("Accept", "text/event-stream");
        if (apiKey != null && !apiKey.isBlank()) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        try {
            return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException e) {
            throw new IOException("cannot reach the orchestrator at " + base + " (is it running? set SWITCHBOARD_URL or --url)", e);
        }
    }

    /** The problem's {@code detail} of an answer that is not a 2xx, as {@link #call} words it. */
    static String failure(int status, String body) {
        return "HTTP " + status + ": " + problem(body);
    }

    /** The answer's {@code Retry-After} in seconds (at most 60), {@link Duration#ZERO} when absent or not a number. */
    static Duration retryAfter(HttpResponse<?> r) {
        try {
            return r.headers().firstValue("Retry-After").map(v -> Duration.ofSeconds(Math.min(60, Long.parseLong(v.strip()))))
                    .orElse(Duration.ZERO);
        } catch (NumberFormatException e) {
            return Duration.ZERO; // an HTTP date or garbage: the backoff alone
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (apiKey != null && !apiKey.isBlank()) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        return b;
    }

    private static String problem(String body) {
        try {
            JsonNode p = Json.fromString(body, JsonNode.class);
            return p.path("detail").asText(body);
        } catch (RuntimeException e) {
            return body;
        }
    }
}
