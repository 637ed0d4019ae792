package dev.switchboard.observability.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class TracingTest {

    @Test
    void shouldExportOnlyWhenTheStandardVariablesAskForIt() {
        Properties none = new Properties();
        assertThat(Tracing.exportConfigured(Map.of(), none)).isFalse();
        assertThat(Tracing.exportConfigured(Map.of("OTEL_SERVICE_NAME", "x"), none)).isFalse();
        assertThat(Tracing.exportConfigured(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"), none)).isTrue();
        assertThat(Tracing.exportConfigured(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:4318/v1/traces"), none)).isTrue();
        assertThat(Tracing.exportConfigured(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318", "OTEL_TRACES_EXPORTER", "none"), none))
                .isFalse();
        Properties property = new Properties();
        property.setProperty("otel.exporter.otlp.endpoint", "http://collector:4318");
        assertThat(Tracing.exportConfigured(Map.of(), property)).isTrue();
    }

    @Test
    void shouldMakeSpansWithRealIdsAndTheServiceNameWithoutExport() {
        // Given no OTEL_* settings
        OpenTelemetry otel = Tracing.create("switchboard-agent", Map.of(), new Properties());

        // When a span starts
        Span span = otel.getTracer(Tracing.SCOPE).spanBuilder("attempt").startSpan();
        span.end();

        // Then it has a valid, sampled context (so its traceparent continues one trace), and the process's name
        assertThat(span.getSpanContext().isValid()).isTrue();
        assertThat(span.getSpanContext().isSampled()).isTrue();
        assertThat(((OpenTelemetrySdk) otel).getSdkTracerProvider().toString()).contains("service.name=\"switchboard-agent\"");
        assertThat(((OpenTelemetrySdk) Tracing.create("switchboard-agent", Map.of("OTEL_SERVICE_NAME", "mine"), new Properties()))
                .getSdkTracerProvider().toString()).contains("service.name=\"mine\"");
    }

    @Test
    void shouldPutTheTraceIdInTheLogContextWhileASpanIsCurrent() {
        // Given a job id in the log context already
        try (LogContext job = LogContext.put(LogContext.JOB_ID, "j-1")) {
            // When a span scope opens and closes
            String traceId;
            try (SpanScope scope = SpanScope.start(Tracing.tracer().spanBuilder("work"))) {
                traceId = scope.span().getSpanContext().getTraceId();
                // Then the trace id is there while it is open
                assertThat(MDC.get(LogContext.TRACE_ID)).isEqualTo(traceId);
                assertThat(Span.current()).isSameAs(scope.span());
            }
            // And gone afterwards, the job id kept
            assertThat(MDC.get(LogContext.TRACE_ID)).isNull();
            assertThat(MDC.get(LogContext.JOB_ID)).isEqualTo("j-1");
        }
        assertThat(MDC.get(LogContext.JOB_ID)).isNull();
    }
}
