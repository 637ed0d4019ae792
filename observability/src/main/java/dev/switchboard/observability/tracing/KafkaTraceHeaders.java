package dev.switchboard.observability.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * W3C trace context in Kafka record headers ({@code traceparent}, {@code tracestate}). Reading takes the last header
 * of each name; a value over its bound, a malformed {@code traceparent} or none gives a context without a span, so the
 * next span starts a fresh trace. Writing replaces any trace headers already there.
 */
public final class KafkaTraceHeaders {
    /** The header name. */
    public static final String TRACEPARENT = TraceValues.TRACEPARENT;
    public static final String TRACESTATE = TraceValues.TRACESTATE;

    private static final TextMapGetter<Headers> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers carrier) {
            List<String> keys = new ArrayList<>();
            carrier.forEach(h -> keys.add(h.key()));
            return keys;
        }

        @Override
        public String get(Headers carrier, String key) {
            if (carrier == null) {
                return null;
            }
            Header h = carrier.lastHeader(key);
            if (h == null || h.value() == null || TraceValues.tooLarge(key, h.value().length)) {
                return null;
            }
            return new String(h.value(), StandardCharsets.ISO_8859_1);
        }
    };

    private static final TextMapSetter<Headers> SETTER = (carrier, key, value) -> {
        if (carrier != null) {
            carrier.remove(key);
            carrier.add(key, value.getBytes(StandardCharsets.ISO_8859_1));
        }
    };

    private KafkaTraceHeaders() {
    }

    /** The trace context the record's headers carry (on top of the root context, never the caller's). */
    public static Context extract(Headers headers) {
        return Tracing.propagator().extract(Context.root(), headers, GETTER);
    }

    /**
     * Writes {@code context}'s span into {@code headers}, replacing the trace headers there; a context without a valid
     * span leaves them as they are. Returns {@code headers}.
     */
    public static Headers inject(Context context, Headers headers) {
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return headers;
        }
        headers.remove(TRACEPARENT);
        headers.remove(TRACESTATE);
        Tracing.propagator().inject(context, headers, SETTER);
        return headers;
    }

    /** New headers holding the current span's context (none when there is no current span). */
    public static Headers ofCurrent() {
        return inject(Context.current(), new RecordHeaders());
    }
}
