package dev.switchboard.bench;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** One {@code POST /v1/jobs} per job; flooded from a pool of concurrent submitters. */
final class HttpFrontDoor implements FrontDoor {
    private final HttpClient http;
    private final String url;
    private final ExecutorService submitters;

    /** @param submitters the concurrent submitters of a flood (their count sets how saturated the API is) */
    HttpFrontDoor(HttpClient http, String baseUrl, ExecutorService submitters) {
        this.http = http;
        this.url = baseUrl + "/v1/jobs";
        this.submitters = submitters;
    }

    @Override
    public Set<String> flood(int jobs) throws Exception {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            sent.add(submitters.submit(() -> ids.add(BenchStack.submit(http, url, FrontDoorBench.JOB_BODY))));
        }
        for (Future<?> f : sent) {
            f.get();
        }
        return ids;
    }

    @Override
    public List<String> submitUnit() throws Exception {
        return List.of(BenchStack.submit(http, url, FrontDoorBench.JOB_BODY));
    }

    @Override
    public int unit() {
        return 1;
    }
}
