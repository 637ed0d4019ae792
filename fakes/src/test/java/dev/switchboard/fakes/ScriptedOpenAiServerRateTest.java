package dev.switchboard.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ScriptedOpenAiServerRateTest {
    private static final int RATE = 5;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldRefuseABurstOverTheRateWith429AndCountBothKinds() throws Exception {
        try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start().refuseOverRate(RATE)) {
            // Given a server enforcing 5 requests/s
            // When a burst of 20 chat completions arrives at once
            List<HttpResponse<String>> answers = burst(server, 20);

            // Then no more than 5 accepted arrivals ever lie within one second, the rest got 429 with Retry-After: 1
            List<ScriptedOpenAiServer.Request> requests = server.requests();
            List<Long> accepted = requests.stream().filter(r -> !r.refused()).map(ScriptedOpenAiServer.Request::arrivalNanos).sorted().toList();
            for (int i = RATE; i < accepted.size(); i++) {
                assertThat(accepted.get(i) - accepted.get(i - RATE)).isGreaterThanOrEqualTo(1_000_000_000L);
            }
            assertThat(requests).hasSize(20);
            assertThat(server.refusedCount()).isPositive();
            assertThat(server.acceptedCount() + server.refusedCount()).isEqualTo(20);
            assertThat(answers.stream().filter(a -> a.statusCode() == 200)).hasSize((int) server.acceptedCount());
            assertThat(answers).filteredOn(a -> a.statusCode() == 429).hasSize((int) server.refusedCount())
                    .allSatisfy(a -> assertThat(a.headers().firstValue("Retry-After")).hasValue("1"));
            assertThat(answers).allSatisfy(a -> assertThat(a.headers().firstValue("x-ratelimit-remaining-requests")).isPresent());

            // And a request is accepted again once a second has passed
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(burst(server, 1).get(0).statusCode()).isEqualTo(200));
        }
    }

    @Test
    void shouldAcceptEverythingWhenNoRateIsEnforced() throws Exception {
        try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start()) {
            // Given a server without a rate; When a burst of 20 arrives
            List<HttpResponse<String>> answers = burst(server, 20);
            // Then all are answered 200 and counted accepted
            assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(200));
            assertThat(server.acceptedCount()).isEqualTo(20);
            assertThat(server.refusedCount()).isZero();
            assertThat(server.requests()).noneMatch(ScriptedOpenAiServer.Request::refused);
        }
    }

    private List<HttpResponse<String>> burst(ScriptedOpenAiServer server, int n) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build();
        List<CompletableFuture<HttpResponse<String>>> sent = IntStream.range(0, n)
                .mapToObj(i -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString())).toList();
        return sent.stream().map(CompletableFuture::join).toList();
    }
}
