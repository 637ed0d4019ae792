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

/** The orchestrator's HTTP API from the command line. */
final class ApiClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String apiKey;

    ApiClient(String base, String apiKey) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.apiKey = apiKey;
    }

    /** Submits a document; returns the job id. */
    String submit(String text, List<String> agents) throws IOException, InterruptedException {
        HttpRequest.Builder b = request("/v1/jobs");
        if (agents == null || agents.isEmpty()) {
            b.header("Content-Type", "text/plain; charset=utf-8").POST(HttpRequest.BodyPublishers.ofString(text));
        } else {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("document", text);
            agents.forEach(body.putArray("agents")::add);
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IOException("submit failed: HTTP " + r.statusCode() + " " + problem(r.body()));
        }
        return Json.fromString(r.body(), JsonNode.class).path("jobId").asText();
    }

    /** Waits for a job's report, polling with the API's long-poll, up to {@code timeout}. */
    Optional<Report> awaitReport(String jobId, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(request("/v1/jobs/" + jobId + "/report?waitSeconds=20").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return Optional.of(Json.fromString(r.body(), Report.class));
            }
            if (r.statusCode() != 202) {
                throw new IOException("report of " + jobId + " failed: HTTP " + r.statusCode() + " " + problem(r.body()));
            }
        }
        return Optional.empty();
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
