package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.fakes.ScriptedOpenAiServer;
import dev.switchboard.fakes.ScriptedOpenAiServer.Reply;
import dev.switchboard.observability.tracing.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One trace per job (decision 0028): a job whose first model call fails goes through a retry tier, and an in-memory
 * span exporter sees one trace from the submit to the callback, each span the child of the hop before it.
 */
class TracingIT {
    private static final AttributeKey<String> AGENT = AttributeKey.stringKey("switchboard.agent");
    private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("switchboard.task.attempt");

    @Test
    void shouldTraceAJobFromSubmitThroughARetryTierToItsReportAndCallback(@TempDir Path dir) throws Exception {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        List<String> callbackTraceparents = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", exchange -> {
            callbackTraceparents.add(String.valueOf(exchange.getRequestHeaders().getFirst("traceparent")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
        AtomicInteger calls = new AtomicInteger();
        try (AutoCloseable tracing = Tracing.installForTests(spans);
             ScriptedOpenAiServer llm = ScriptedOpenAiServer.start()) {
            // Given a model that fails the first call (HTTP 500) and answers after, one guard attempt per task attempt
            llm.otherwise(r -> calls.incrementAndGet() == 1
                    ? Reply.status(500, "{\"error\":{\"message\":\"boom\"}}")
                    : Reply.content("{\"label\":\"neutral\",\"score\":0,\"confidence\":0.5}"));
            Settings settings = new Settings().set("SWITCHBOARD_ORCHESTRATOR_PORT", 0)
                    .set("SWITCHBOARD_LLM_PROVIDER", "openai").set("SWITCHBOARD_LLM_BASE_URL", llm.baseUrl())
                    .set("SWITCHBOARD_LLM_MAX_ATTEMPTS", 1)
                    .set("SWITCHBOARD_CALLBACK_SECRET", "sb-callback-secret-tracing")
                    .set("SWITCHBOARD_CALLBACK_ALLOW_PRIVATE", "true");
            try (Stack stack = Stack.start(settings, dir, null)) {
                // When a job for one agent is submitted with a callback
                String body = "{\"document\":\"A calm document.\",\"agents\":[\"sentiment\"],\"callbackUrl\":\"http://127.0.0.1:"
                        + hook.getAddress().getPort() + "/hook\"}";
                HttpResponse<String> accepted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.url() + "/v1/jobs"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(accepted.statusCode()).isEqualTo(202);

                // Then the exporter sees the callback's span once the report was delivered
                await().atMost(Duration.ofSeconds(40)).until(() -> find(spans, "callback").isPresent());
            }
        } finally {
            hook.stop(0);
        }
        List<SpanData> all = spans.getFinishedSpanItems();
        SpanData submit = find(spans, "POST /v1/jobs").orElseThrow();
        assertThat(submit.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(submit.getParentSpanContext().isValid()).as("the submit is the trace's root").isFalse();
        List<SpanData> job = all.stream().filter(s -> s.getTraceId().equals(submit.getTraceId())).toList();

        // the attempts chain: submit -> attempt 1 -> (retry tier) -> attempt 2
        List<SpanData> attempts = job.stream().filter(s -> s.getKind() == SpanKind.CONSUMER && "sentiment".equals(s.getAttributes().get(AGENT)))
                .sorted(Comparator.comparing(s -> s.getAttributes().get(ATTEMPT))).toList();
        assertThat(attempts).extracting(s -> s.getAttributes().get(ATTEMPT)).containsExactly(1L, 2L);
        assertThat(attempts.get(0).getParentSpanId()).isEqualTo(submit.getSpanId());
        assertThat(attempts.get(0).getAttributes().get(AttributeKey.stringKey("error.type"))).isNotBlank();
        assertThat(attempts.get(1).getName()).contains(".retry-");
        assertThat(attempts.get(1).getParentSpanId()).as("the retry continues the attempt that scheduled it")
                .isEqualTo(attempts.get(0).getSpanId());

        // each model call is a GenAI client span under its attempt
        List<SpanData> modelCalls = job.stream().filter(s -> s.getName().startsWith("chat ")).toList();
        assertThat(modelCalls).hasSize(2).allSatisfy(call -> {
            assertThat(call.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(call.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
            assertThat(call.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("openai");
            assertThat(call.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isNotBlank();
            assertThat(call.getAttributes().get(AttributeKey.longKey("gen_ai.request.max_tokens"))).isPositive();
            assertThat(call.getAttributes().get(AttributeKey.stringKey("gen_ai.input.messages"))).as("no text unless opted in").isNull();
        });
        SpanData failed = modelCalls.stream().filter(s -> s.getParentSpanId().equals(attempts.get(0).getSpanId())).findFirst().orElseThrow();
        assertThat(failed.getAttributes().get(AttributeKey.stringKey("error.type"))).isNotBlank();
        SpanData answered = modelCalls.stream().filter(s -> s.getParentSpanId().equals(attempts.get(1).getSpanId())).findFirst().orElseThrow();
        assertThat(answered.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model"))).isNotBlank();
        assertThat(answered.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isPositive();
        assertThat(answered.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isPositive();

        // the report is a child of the manifest's context (the submit), the callback a child of the report
        SpanData report = find(spans, "report").orElseThrow();
        assertThat(report.getTraceId()).isEqualTo(submit.getTraceId());
        assertThat(report.getParentSpanId()).isEqualTo(submit.getSpanId());
        SpanData callback = find(spans, "callback").orElseThrow();
        assertThat(callback.getTraceId()).isEqualTo(submit.getTraceId());
        assertThat(callback.getParentSpanId()).isEqualTo(report.getSpanId());
        assertThat(callbackTraceparents).singleElement().asString()
                .startsWith("00-" + submit.getTraceId() + "-" + callback.getSpanId() + "-");
    }

    private static Optional<SpanData> find(InMemorySpanExporter spans, String name) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst();
    }
}
