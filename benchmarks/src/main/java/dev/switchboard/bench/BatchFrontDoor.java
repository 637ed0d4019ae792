package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.message.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** {@code POST /v1/jobs:batch} (decision 0037): {@value #BATCH} NDJSON jobs per request, a few requests at once in a flood. */
final class BatchFrontDoor implements FrontDoor {
    static final int BATCH = 500;
    /** Batch requests in flight at once: the orchestrator reads at most 2 batches at a time (429 past it, decision 0037). */
    static final int CONCURRENT = 2;
    private final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(CONCURRENT);

    private final HttpClient http;
    private final URI url;
    private final ExecutorService senders;

    /** @param senders runs a flood's requests, {@value #CONCURRENT} at a time */
    BatchFrontDoor(HttpClient http, String baseUrl, ExecutorService senders) {
        this.http = http;
        this.url = URI.create(baseUrl + "/v1/jobs:batch");
        this.senders = senders;
    }

    @Override
    public Set<String> flood(int jobs) throws Exception {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        List<Future<?>> sent = new ArrayList<>();
        for (int from = 0; from < jobs; from += BATCH) {
            int size = Math.min(BATCH, jobs - from);
            sent.add(senders.submit(() -> ids.addAll(send(size))));
        }
        for (Future<?> f : sent) {
            f.get();
        }
        return ids;
    }

    @Override
    public List<String> submitUnit() throws Exception {
        return send(BATCH);
    }

    @Override
    public int unit() {
        return BATCH;
    }

    /** Sends one batch of {@code size} jobs; their ids, or an exception if the batch or any item was refused. */
    private List<String> send(int size) throws Exception {
        String body = (FrontDoorBench.JOB_BODY + "\n").repeat(size);
        HttpResponse<String> r;
        inFlight.acquire();
        try {
            r = http.send(HttpRequest.newBuilder(url).header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } finally {
            inFlight.release();
        }
        JsonNode answer = r.statusCode() == 200 ? Json.mapper().readTree(r.body()) : null;
        if (answer == null || answer.path("accepted").asInt() != size) {
            throw new IllegalStateException("batch submit failed: " + r.statusCode() + " " + r.body());
        }
        List<String> ids = new ArrayList<>(size);
        answer.path("items").forEach(item -> ids.add(item.path("jobId").asText()));
        return ids;
    }
}
