package dev.switchboard.observability.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * A started span made current, its trace and span ids in the log context, until closed (which ends the span and puts
 * back the previous context). Use in try-with-resources on the thread that does the work.
 */
public final class SpanScope implements AutoCloseable {
    /** The OpenTelemetry attribute for the class of failure. */
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private final Span span;
    private final Scope scope;
    private final LogContext traceId;
    private final LogContext spanId;

    private SpanScope(Span span) {
        this.span = span;
        this.scope = span.makeCurrent();
        SpanContext ids = span.getSpanContext();
        this.traceId = LogContext.put(LogContext.TRACE_ID, ids.isValid() ? ids.getTraceId() : null);
        this.spanId = LogContext.put(LogContext.SPAN_ID, ids.isValid() ? ids.getSpanId() : null);
    }

    /** Starts {@code span} and makes it current. */
    public static SpanScope start(SpanBuilder span) {
        return new SpanScope(span.startSpan());
    }

    /** Starts {@code span} as a child of {@code parent} (its span, if any; a new trace otherwise) and makes it current. */
    public static SpanScope start(SpanBuilder span, Context parent) {
        return start(span.setParent(parent));
    }

    public Span span() {
        return span;
    }

    /** Marks the span failed by {@code error}: status ERROR, {@code error.type} its class, the exception recorded. */
    public void fail(Throwable error) {
        fail(error.getClass().getName(), error.getMessage());
        span.recordException(error);
    }

    /** Marks the span failed with {@code type} ({@code error.type}) and a description. */
    public void fail(String type, String description) {
        span.setAttribute(ERROR_TYPE, type);
        span.setStatus(StatusCode.ERROR, description == null ? type : description);
    }

    @Override
    public void close() {
        try {
            scope.close();
        } finally {
            spanId.close();
            traceId.close();
            span.end();
        }
    }
}
