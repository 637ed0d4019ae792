package dev.switchboard.report.aggregator;

import dev.switchboard.contracts.message.Report;
import dev.switchboard.observability.tracing.KafkaTraceHeaders;
import dev.switchboard.observability.tracing.SpanScope;
import dev.switchboard.observability.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Each open job's trace context, the {@code traceparent} its manifest came with, so the report's span, and the span of
 * each later-stage task released (decision 0030), is a child of the job's submit (decision 0028). Kept in the time
 * index store under {@code trace|<jobId>}: keys that sort after every time key, so the punctuator's range scans never
 * see them; removed with the job.
 */
final class JobTraces {
    private static final String PREFIX = "trace|";
    private final KeyValueStore<String, String> store;

    JobTraces(KeyValueStore<String, String> store) {
        this.store = store;
    }

    /** Keeps the trace context of the job's first manifest. */
    void remember(String jobId, Headers manifestHeaders) {
        String key = PREFIX + jobId;
        if (store.get(key) != null) {
            return;
        }
        Headers trace = KafkaTraceHeaders.inject(KafkaTraceHeaders.extract(manifestHeaders), new RecordHeaders());
        if (trace.lastHeader(KafkaTraceHeaders.TRACEPARENT) != null) {
            store.put(key, new String(trace.lastHeader(KafkaTraceHeaders.TRACEPARENT).value(), java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    /** The span of one report: a child of the job's manifest context (a new trace when there is none). */
    SpanScope reportSpan(String jobId, Report report) {
        return SpanScope.start(Tracing.tracer().spanBuilder("report").setSpanKind(SpanKind.PRODUCER)
                .setAttribute("switchboard.job.id", jobId)
                .setAttribute("switchboard.report.status", report.status().name())
                .setAttribute("switchboard.report.revision", (long) report.revision()), parent(jobId));
    }

    /** The span of a later stage's task the aggregator releases (decision 0030): a child of the job's manifest context. */
    SpanScope releaseSpan(String jobId, String agent, int stage) {
        return SpanScope.start(Tracing.tracer().spanBuilder("release " + agent).setSpanKind(SpanKind.PRODUCER)
                .setAttribute("switchboard.job.id", jobId)
                .setAttribute("switchboard.agent", agent)
                .setAttribute("switchboard.stage", (long) stage), parent(jobId));
    }

    private Context parent(String jobId) {
        String traceparent = store.get(PREFIX + jobId);
        Headers carried = new RecordHeaders();
        if (traceparent != null) {
            carried.add(KafkaTraceHeaders.TRACEPARENT, traceparent.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        return KafkaTraceHeaders.extract(carried);
    }

    /** Writes the current span (the report's) into the report record's headers. */
    static Headers withCurrent(Headers headers) {
        return Span.current().getSpanContext().isValid() ? KafkaTraceHeaders.inject(Context.current(), headers) : headers;
    }

    void forget(String jobId) {
        store.delete(PREFIX + jobId);
    }
}
