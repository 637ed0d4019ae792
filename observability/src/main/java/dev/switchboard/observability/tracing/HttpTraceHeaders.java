package dev.switchboard.observability.tracing;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** W3C trace context in HTTP headers, read through a header lookup and written through a header setter. */
public final class HttpTraceHeaders {
    private static final TextMapGetter<Function<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Function<String, String> carrier) {
            return List.of(TraceValues.TRACEPARENT, TraceValues.TRACESTATE);
        }

        @Override
        public String get(Function<String, String> carrier, String key) {
            return carrier == null ? null : TraceValues.bounded(key, carrier.apply(key));
        }
    };
    private static final TextMapSetter<BiConsumer<String, String>> SETTER = (carrier, key, value) -> {
        if (carrier != null) {
            carrier.accept(key, value);
        }
    };

    private HttpTraceHeaders() {
    }

    /** The incoming request's trace context ({@code header} answers a header's value or {@code null}). */
    public static Context extract(Function<String, String> header) {
        return Tracing.propagator().extract(Context.root(), header, GETTER);
    }

    /** Writes the current span's context as request headers. */
    public static void injectCurrent(BiConsumer<String, String> header) {
        Tracing.propagator().inject(Context.current(), header, SETTER);
    }
}
