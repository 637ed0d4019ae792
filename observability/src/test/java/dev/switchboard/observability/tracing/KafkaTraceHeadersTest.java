package dev.switchboard.observability.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KafkaTraceHeadersTest {
    private static final String PARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private AutoCloseable tracing;

    @BeforeEach
    void install() {
        tracing = Tracing.installForTests(spans);
    }

    @AfterEach
    void uninstall() throws Exception {
        tracing.close();
    }

    @Test
    void shouldContinueTheTraceOfAWellFormedTraceparent() {
        // Given a record whose traceparent names a sampled span
        Headers headers = headers(PARENT);

        // When a span starts as a child of what the headers carry
        SpanData child = childOf(KafkaTraceHeaders.extract(headers));

        // Then it is in that trace, with that span as its parent
        assertThat(child.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(child.getParentSpanId()).isEqualTo("b7ad6b7169203331");
    }

    @Test
    void shouldStartAFreshTraceForAMalformedTraceparent() {
        for (String malformed : new String[] {"00-nothex-b7ad6b7169203331-01", "garbage", "",
                "00-00000000000000000000000000000000-b7ad6b7169203331-01", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331"}) {
            // Given a record with a malformed traceparent; When a span starts from it
            SpanData child = childOf(KafkaTraceHeaders.extract(headers(malformed)));

            // Then it is the root of a new, valid trace
            assertThat(child.getParentSpanContext().isValid()).as(malformed).isFalse();
            assertThat(child.getSpanContext().isValid()).isTrue();
            assertThat(child.getTraceId()).isNotEqualTo("0af7651916cd43dd8448eb211c80319c");
        }
    }

    @Test
    void shouldIgnoreAnOversizedTraceparentOrTracestate() {
        // Given a traceparent of a later version (which may be longer) padded beyond the bound, and a huge tracestate
        Headers padded = headers("01" + PARENT.substring(2) + "-" + "a".repeat(TraceValues.MAX_TRACEPARENT_BYTES));
        Headers hugeState = headers(PARENT);
        hugeState.add(KafkaTraceHeaders.TRACESTATE, ("k=" + "v".repeat(4000)).getBytes(StandardCharsets.US_ASCII));

        // Then the first starts a fresh trace, and the second keeps the trace without the state
        assertThat(childOf(KafkaTraceHeaders.extract(padded)).getParentSpanContext().isValid()).isFalse();
        Context kept = KafkaTraceHeaders.extract(hugeState);
        assertThat(Span.fromContext(kept).getSpanContext().getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(Span.fromContext(kept).getSpanContext().getTraceState().isEmpty()).isTrue();
    }

    @Test
    void shouldReplaceTheTraceHeadersWhenInjecting() {
        // Given headers that already carry someone's traceparent, twice
        Headers headers = headers(PARENT);
        headers.add(KafkaTraceHeaders.TRACEPARENT, PARENT.getBytes(StandardCharsets.US_ASCII));
        Span span = Tracing.tracer().spanBuilder("attempt").startSpan();

        // When the current span's context is written
        KafkaTraceHeaders.inject(Context.root().with(span), headers);
        span.end();

        // Then exactly one traceparent remains, naming that span
        assertThat(headers.headers(KafkaTraceHeaders.TRACEPARENT)).hasSize(1);
        SpanContext written = Span.fromContext(KafkaTraceHeaders.extract(headers)).getSpanContext();
        assertThat(written.getSpanId()).isEqualTo(span.getSpanContext().getSpanId());
        assertThat(written.getTraceId()).isEqualTo(span.getSpanContext().getTraceId());
    }

    @Test
    void shouldReadAndWriteHttpHeadersTheSameWay() {
        // Given an HTTP request with a traceparent
        Map<String, String> request = Map.of("traceparent", PARENT);

        // When a span continues it and its context is written to an outgoing request
        Map<String, String> outgoing = new HashMap<>();
        Span span = Tracing.tracer().spanBuilder("submit").setParent(HttpTraceHeaders.extract(request::get)).startSpan();
        try (var scope = span.makeCurrent()) {
            HttpTraceHeaders.injectCurrent(outgoing::put);
        } finally {
            span.end();
        }

        // Then the outgoing traceparent is the same trace, the new span
        assertThat(outgoing.get("traceparent")).startsWith("00-0af7651916cd43dd8448eb211c80319c-" + span.getSpanContext().getSpanId());
        assertThat(HttpTraceHeaders.extract(Map.of("traceparent", PARENT + "x".repeat(200))::get)).isEqualTo(Context.root());
    }

    private SpanData childOf(Context parent) {
        spans.reset();
        Tracing.tracer().spanBuilder("child").setParent(parent).startSpan().end();
        return spans.getFinishedSpanItems().get(0);
    }

    private static Headers headers(String traceparent) {
        Headers headers = new RecordHeaders();
        headers.add(KafkaTraceHeaders.TRACEPARENT, traceparent.getBytes(StandardCharsets.US_ASCII));
        return headers;
    }
}
