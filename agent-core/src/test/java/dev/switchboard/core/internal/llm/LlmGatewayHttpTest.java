package dev.switchboard.core.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.testagents.TestTask;
import dev.switchboard.core.runtime.LlmGateway;
import dev.switchboard.core.NonRetriableTaskException;
import dev.switchboard.core.OfflineModel;
import dev.switchboard.core.Prompt;
import dev.switchboard.core.RetriableTaskException;
import dev.switchboard.core.SelfValidating;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.core.config.LlmProvider;
import dev.switchboard.contracts.config.Secret;
import dev.switchboard.fakes.ScriptedOpenAiServer;
import dev.switchboard.fakes.ScriptedOpenAiServer.Reply;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gateway against a real HTTP server speaking the OpenAI API, through langchain4j's real client. */
class LlmGatewayHttpTest {
    record Sentiment(String label, double score) implements SelfValidating {
        @Override
        public void validate() {
            if (!List.of("positive", "negative", "neutral", "mixed").contains(label)) {
                throw new IllegalArgumentException("label must be positive, negative, neutral or mixed, was " + label);
            }
        }
    }

    private static final TestTask TASK = TestTask.of("a document");
    private final ScriptedOpenAiServer server = ScriptedOpenAiServer.start();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void stop() {
        server.close();
    }

    private LlmGateway gateway(int rps, int maxAttempts) {
        return LlmGateway.create(LlmConfig.custom()
                .provider(LlmProvider.OPENAI)
                .baseUrl(server.baseUrl())
                .apiKey(Secret.of("sk-test"))
                .model("scripted")
                .requestsPerSecond(rps)
                .maxAttempts(maxAttempts)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .timeout(Duration.ofSeconds(2))
                .build(), registry);
    }

    @Test
    void shouldSendTheFencedPromptAndParseTheStructuredAnswer() {
        server.enqueue(Reply.content("{\"label\":\"positive\",\"score\":0.8}"));
        LlmGateway.Client llm = gateway(10, 1).client(TASK, OfflineModel.none());

        Sentiment s = llm.generate(Prompt.forDocument("You label sentiment.", "Label it.", "I love it."), Sentiment.class);

        assertThat(s).isEqualTo(new Sentiment("positive", 0.8));
        ScriptedOpenAiServer.Request request = server.requests().get(0);
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(request.json().path("model").asText()).isEqualTo("scripted");
        assertThat(request.systemMessage()).contains("You label sentiment.").contains("untrusted data")
                .contains("\"label\":\"string\"");
        assertThat(request.lastUserMessage()).contains("<<<DOCUMENT>>>\nI love it.\n<<<END DOCUMENT>>>");
        assertThat(llm.usage().inputTokens()).isPositive();
        assertThat(llm.modelName()).isEqualTo("scripted");
    }

    @Test
    void shouldRepairOnceThenFailNonRetriablyOnMalformedJson() {
        server.enqueue(Reply.content("Sure, here you go: positive!"), Reply.content("{\"label\":\"ecstatic\",\"score\":1}"));
        LlmGateway.Client llm = gateway(10, 1).client(TASK, OfflineModel.none());

        assertThatThrownBy(() -> llm.generate(Prompt.of("Label.", "text"), Sentiment.class))
                .isInstanceOf(NonRetriableTaskException.class)
                .hasMessageContaining("after one repair")
                .satisfies(e -> assertThat(((NonRetriableTaskException) e).errorType()).isEqualTo("OUTPUT_SCHEMA_VIOLATION"));

        assertThat(server.requests()).hasSize(2);
        List<String> repair = server.requests().get(1).messages();
        assertThat(repair).hasSize(4);
        assertThat(repair.get(2)).isEqualTo("Sure, here you go: positive!");
        assertThat(repair.get(3)).contains("rejected").contains("no JSON object");
    }

    @Test
    void shouldAcceptARepairedAnswer() {
        server.enqueue(Reply.content("{\"label\":\"great\",\"score\":1}"), Reply.content("{\"label\":\"positive\",\"score\":1}"));
        LlmGateway.Client llm = gateway(10, 1).client(TASK, OfflineModel.none());

        assertThat(llm.generate(Prompt.of("Label.", "text"), Sentiment.class).label()).isEqualTo("positive");
        assertThat(server.requests().get(1).lastUserMessage()).contains("label must be positive, negative, neutral or mixed");
    }

    @Test
    void shouldNeverExceedTheRateInAnyOneSecondWindow() throws Exception {
        int rate = 8;
        server.otherwise(r -> Reply.content("ok"));
        // the margin absorbs send-to-arrival jitter; a loaded 2-core CI machine can delay the
        // scripted server's handler threads by tens of milliseconds
        LlmGateway gateway = LlmGateway.create(LlmConfig.custom()
                .provider(LlmProvider.OPENAI).baseUrl(server.baseUrl()).model("scripted")
                .requestsPerSecond(rate).maxAttempts(1).rateWindowMargin(Duration.ofMillis(100))
                .build(), registry);
        ExecutorService callers = Executors.newFixedThreadPool(12);
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            calls.add(callers.submit(() -> gateway.client(TASK, OfflineModel.none()).chat(Prompt.of("s", "u"))));
        }
        for (Future<String> f : calls) {
            assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo("ok");
        }
        callers.shutdown();

        List<Long> arrivals = server.requests().stream().map(ScriptedOpenAiServer.Request::arrivalNanos).sorted().toList();
        assertThat(arrivals).hasSize(30);
        for (int i = 0; i + rate < arrivals.size(); i++) {
            long gap = arrivals.get(i + rate) - arrivals.get(i);
            assertThat(gap).as("request %d and request %d arrived %d ms apart", i, i + rate, gap / 1_000_000)
                    .isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
        }
    }

    @Test
    void shouldSendNothingUntilRetryAfterHasPassed() throws Exception {
        server.enqueue(Reply.rateLimited(2));
        server.otherwise(r -> Reply.content("ok"));
        LlmGateway gateway = gateway(50, 3);
        ExecutorService callers = Executors.newFixedThreadPool(4);

        Future<String> first = callers.submit(() -> gateway.client(TASK, OfflineModel.none()).chat(Prompt.of("s", "first")));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.requestCount() >= 1);
        // other agents of the process call while the gate is closed
        List<Future<String>> others = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            others.add(callers.submit(() -> gateway.client(TASK, OfflineModel.none()).chat(Prompt.of("s", "other"))));
        }
        assertThat(first.get(20, TimeUnit.SECONDS)).isEqualTo("ok");
        for (Future<String> f : others) {
            assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo("ok");
        }
        callers.shutdown();

        List<ScriptedOpenAiServer.Request> requests = server.requests();
        long limited = requests.get(0).arrivalNanos();
        assertThat(requests).hasSize(5);
        assertThat(requests.subList(1, requests.size()))
                .allSatisfy(r -> assertThat(r.arrivalNanos() - limited).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(2)));
    }

    @Test
    void shouldPauseUntilAnExhaustedLimitResetsCountedFromWhenTheRequestWasSent() throws Exception {
        // Given an answer that says no request is left for 2 s, then a slow answer (1.2 s) that says none is left for 1 s
        server.enqueue(Reply.content("first").withHeader("x-ratelimit-remaining-requests", "0")
                        .withHeader("x-ratelimit-reset-requests", "2s"),
                Reply.content("slow").withDelay(Duration.ofMillis(1200)).withHeader("x-ratelimit-remaining-requests", "0")
                        .withHeader("x-ratelimit-reset-requests", "1s"));
        server.otherwise(r -> Reply.content("ok"));
        LlmGateway gateway = gateway(50, 1);

        // When three calls follow one another
        assertThat(gateway.client(TASK, OfflineModel.none()).chat(Prompt.of("s", "one"))).isEqualTo("first");
        assertThat(gateway.client(TASK, OfflineModel.none()).chat(Prompt.of("s", "two"))).isEqualTo("slow");
        long answered = System.nanoTime();
        assertThat(gateway.client(TASK, OfflineModel.none()).chat(Prompt.of("s", "three"))).isEqualTo("ok");

        // Then the second waited for the reset the first announced; the third did not wait for a reset its slow answer
        // had already outlived (the provider counted it from when it handled the request)
        List<ScriptedOpenAiServer.Request> requests = server.requests();
        assertThat(requests.get(1).arrivalNanos() - requests.get(0).arrivalNanos()).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(2) - TimeUnit.MILLISECONDS.toNanos(50));
        // (a pause counted from the answer would hold it a full second)
        assertThat(requests.get(2).arrivalNanos() - answered).isLessThan(TimeUnit.MILLISECONDS.toNanos(800));
    }

    @Test
    void shouldRetryServerErrorsWithBackoffThenSucceed() {
        server.enqueue(Reply.status(500, "{\"error\":{\"message\":\"boom\"}}"), Reply.status(503, "{}"), Reply.content("fine"));
        LlmGateway.Client llm = gateway(50, 3).client(TASK, OfflineModel.none());

        assertThat(llm.chat(Prompt.of("s", "u"))).isEqualTo("fine");
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void shouldGiveUpOnPersistentServerErrorsAsRetriableAndOnBadRequestsAsNonRetriable() {
        server.otherwise(r -> Reply.status(502, "{}"));
        LlmGateway.Client llm = gateway(50, 2).client(TASK, OfflineModel.none());
        assertThatThrownBy(() -> llm.chat(Prompt.of("s", "u"))).isInstanceOf(RetriableTaskException.class);
        assertThat(server.requests()).hasSize(2);

        server.otherwise(r -> Reply.status(400, "{\"error\":{\"message\":\"bad request\"}}"));
        assertThatThrownBy(() -> llm.chat(Prompt.of("s", "u"))).isInstanceOf(NonRetriableTaskException.class);
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void shouldTimeOutSlowAnswersAsRetriable() {
        server.otherwise(r -> Reply.content("late").withDelay(Duration.ofSeconds(4)));
        LlmGateway.Client llm = gateway(50, 1).client(TASK, OfflineModel.none());

        assertThatThrownBy(() -> llm.chat(Prompt.of("s", "u"))).isInstanceOf(RetriableTaskException.class);
    }

    @Test
    void shouldOpenTheCircuitAfterRepeatedFailuresAndStopCallingTheServer() {
        server.otherwise(r -> Reply.status(500, "{}"));
        LlmGateway gateway = LlmGateway.create(LlmConfig.custom()
                .provider(LlmProvider.OPENAI).baseUrl(server.baseUrl()).model("scripted")
                .requestsPerSecond(100).maxAttempts(1)
                .circuitBreaker(50f, 4, Duration.ofSeconds(30))
                .build(), registry);
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> gateway.client(TASK, OfflineModel.none()).chat(Prompt.of("s", "u")))
                    .isInstanceOf(RetriableTaskException.class);
        }
        int before = server.requestCount();

        assertThatThrownBy(() -> gateway.client(TASK, OfflineModel.none()).chat(Prompt.of("s", "u")))
                .isInstanceOf(RetriableTaskException.class).hasMessageContaining("circuit breaker is open");
        assertThat(server.requestCount()).isEqualTo(before);
    }

    @Test
    void shouldLetATrialCallThroughAfterTheOpenPeriodAndCloseAgainOnSuccess() {
        server.enqueue(Reply.status(500, "{}"), Reply.status(500, "{}"), Reply.status(500, "{}"), Reply.status(500, "{}"));
        server.otherwise(r -> Reply.content("recovered"));
        LlmGateway gateway = LlmGateway.create(LlmConfig.custom()
                .provider(LlmProvider.OPENAI).baseUrl(server.baseUrl()).model("scripted")
                .requestsPerSecond(100).maxAttempts(1)
                .circuitBreaker(50f, 4, Duration.ofMillis(500))
                .build(), registry);
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> gateway.client(TASK, OfflineModel.none()).chat(Prompt.of("s", "u"))).isInstanceOf(RetriableTaskException.class);
        }
        assertThatThrownBy(() -> gateway.client(TASK, OfflineModel.none()).chat(Prompt.of("s", "u"))).hasMessageContaining("circuit breaker is open");

        // after the open period the breaker lets trial calls through; they succeed and it closes
        org.awaitility.Awaitility.await().ignoreExceptions().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(gateway.client(TASK, OfflineModel.none()).chat(Prompt.of("s", "u"))).isEqualTo("recovered"));
        for (int i = 0; i < 5; i++) {
            assertThat(gateway.client(TASK, OfflineModel.none()).chat(Prompt.of("s", "u"))).isEqualTo("recovered");
        }
    }

    @Test
    void shouldShareOneGatewayPerProviderEndpointInAProcess() {
        LlmConfig config = LlmConfig.custom().provider(LlmProvider.OPENAI).baseUrl(server.baseUrl()).model("shared-test").build();
        LlmConfig other = LlmConfig.custom().provider(LlmProvider.OPENAI).baseUrl(server.baseUrl()).model("another-model").build();

        assertThat(gatewayOf(LlmGateway.shared(config, registry))).isSameAs(gatewayOf(LlmGateway.shared(config, new SimpleMeterRegistry())));
        assertThat(gatewayOf(LlmGateway.shared(other, registry))).isNotSameAs(gatewayOf(LlmGateway.shared(config, registry)));
    }

    @Test
    void shouldCloseTheSharedGatewayWithItsLastHold() {
        LlmConfig config = LlmConfig.custom().provider(LlmProvider.OPENAI).baseUrl(server.baseUrl()).model("closing-test").build();
        // Given two holds on the shared gateway
        LlmGateway first = LlmGateway.shared(config, registry);
        LlmGateway second = LlmGateway.shared(config, registry);
        GuardedLlmGateway shared = gatewayOf(first);

        // When one closes (twice), the other still holds it; when both have, the next hold gets a fresh gateway
        first.close();
        first.close();
        LlmGateway third = LlmGateway.shared(config, registry);
        assertThat(gatewayOf(third)).isSameAs(shared);
        second.close();
        third.close();
        assertThat(gatewayOf(LlmGateway.shared(config, registry))).isNotSameAs(shared);
    }

    private static GuardedLlmGateway gatewayOf(LlmGateway lease) {
        return ((GatewayLease) lease).gateway();
    }

    @Test
    void shouldPauseTheAccountForARateWindowOnA429WithoutRetryAfter() throws Exception {
        // Given a 429 that does not say how long to wait
        server.enqueue(Reply.status(429, "{\"error\":{\"message\":\"slow down\"}}"));
        server.otherwise(r -> Reply.content("ok"));
        LlmGateway gateway = gateway(50, 3);

        // When the call is retried (backoff 50-200 ms)
        assertThat(gateway.client(TASK, OfflineModel.none()).chat(Prompt.of("s", "u"))).isEqualTo("ok");

        // Then the account waited one rate window (1 s) before the next request
        List<ScriptedOpenAiServer.Request> requests = server.requests();
        assertThat(requests.get(1).arrivalNanos() - requests.get(0).arrivalNanos()).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void shouldNotPauseForTokensAtZeroOnAnAnswerButOnA429() throws Exception {
        // Given an answer that used the last tokens of a bucket that is full again in 6 minutes
        server.enqueue(Reply.content("first").withHeader("x-ratelimit-remaining-tokens", "0")
                .withHeader("x-ratelimit-reset-tokens", "6m0s"));
        server.otherwise(r -> Reply.content("ok"));
        LlmGateway gateway = gateway(50, 1);
        ExecutorService caller = Executors.newSingleThreadExecutor();

        // When two calls follow, the second is not held for the bucket to fill (the token window paces us)
        assertThat(gateway.client(TASK, OfflineModel.none()).chat(Prompt.of("s", "one"))).isEqualTo("first");
        assertThat(caller.submit(() -> gateway.client(TASK, OfflineModel.none()).chat(Prompt.of("s", "two")))
                .get(20, TimeUnit.SECONDS)).isEqualTo("ok");
        caller.shutdown();
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void shouldAnswerOfflineThroughTheSameParsingPath() {
        LlmGateway offline = LlmGateway.create(LlmConfig.ofDefaults(), registry);
        // Given an offline model that reads the text of the task it is given, bound to a two-part document
        List<String> asked = new ArrayList<>();
        LlmGateway.Client llm = offline.client(TestTask.of("I love it. It is grey."), task -> {
            asked.add(task.text());
            return new Sentiment(task.text().contains("love") ? "positive" : "neutral", 0.5);
        });

        // When the agent asks about the whole document, then about its second part only
        Sentiment whole = llm.generate(Prompt.forDocument("Label.", "Label it.", "I love it. It is grey."), Sentiment.class);
        Sentiment part = llm.generate(Prompt.forDocument("Label.", "Label it.", "It is grey."), Sentiment.class);

        // Then the model answered each about the text the prompt was about, through the JSON parsing path
        assertThat(asked).containsExactly("I love it. It is grey.", "It is grey.");
        assertThat(whole.label()).isEqualTo("positive");
        assertThat(part.label()).isEqualTo("neutral");
        assertThat(llm.modelName()).isEqualTo("offline");
        assertThat(server.requestCount()).isZero();
        assertThatThrownBy(() -> offline.client(TASK, OfflineModel.none()).chat(Prompt.of("s", "u")))
                .isInstanceOf(NonRetriableTaskException.class).hasMessageContaining("no offline analyzer");
    }
}
