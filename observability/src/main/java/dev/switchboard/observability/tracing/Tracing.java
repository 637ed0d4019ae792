package dev.switchboard.observability.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's OpenTelemetry, set up once. Export is off unless the standard variables ask for it
 * ({@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}, or {@code OTEL_TRACES_EXPORTER} other
 * than {@code none}; or their {@code otel.*} system properties): then the SDK's autoconfigure builds it (OTLP over the
 * JDK's HTTP client, every other {@code OTEL_*} variable honoured; metrics and logs are not exported, Micrometer and
 * logback do those). Without export an SDK with no exporter still makes spans with real ids, so a job's
 * {@code traceparent} is one trace across every hop whether or not anything is exported. The service name is
 * {@code OTEL_SERVICE_NAME}, else {@code switchboard-<part>} of the first {@link #init} call.
 */
public final class Tracing {
    private static final Logger log = LoggerFactory.getLogger(Tracing.class);
    /** The instrumentation scope of every Switchboard span. */
    public static final String SCOPE = "dev.switchboard";
    static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static volatile OpenTelemetry openTelemetry;

    private Tracing() {
    }

    /** Sets up this process's tracing, named {@code switchboard-<part>}; a process that already has it keeps it. */
    public static synchronized OpenTelemetry init(String part) {
        if (openTelemetry == null) {
            openTelemetry = create("switchboard-" + part, System.getenv(), System.getProperties());
        }
        return openTelemetry;
    }

    /** This process's OpenTelemetry ({@link #init} with part {@code process} when nothing set it up). */
    public static OpenTelemetry openTelemetry() {
        OpenTelemetry o = openTelemetry;
        return o != null ? o : init("process");
    }

    public static Tracer tracer() {
        return openTelemetry().getTracer(SCOPE);
    }

    /** The W3C trace-context propagator every hop uses. */
    static TextMapPropagator propagator() {
        return W3C;
    }

    /**
     * For tests: every span of this process from now on goes to {@code exporter} as soon as it ends. Closing the
     * result puts back what was there (and leaves {@code exporter} open, its spans readable).
     */
    public static synchronized AutoCloseable installForTests(SpanExporter exporter) {
        OpenTelemetry previous = openTelemetry;
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().setResource(resource("switchboard-test"))
                        .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
                .setPropagators(ContextPropagators.create(W3C)).build();
        openTelemetry = sdk;
        return () -> {
            synchronized (Tracing.class) {
                openTelemetry = previous;
            }
            // not shut down: that would clear an in-memory exporter the test still reads (it holds no threads)
        };
    }

    static OpenTelemetry create(String serviceName, Map<String, String> env, Properties system) {
        if (exportConfigured(env, system)) {
            log.info("Tracing: exporting spans as the OTEL_* settings say (service {} unless OTEL_SERVICE_NAME is set)", serviceName);
            return AutoConfiguredOpenTelemetrySdk.builder()
                    .addPropertiesSupplier(() -> Map.of(
                            "otel.service.name", serviceName,
                            "otel.metrics.exporter", "none",
                            "otel.logs.exporter", "none"))
                    .build().getOpenTelemetrySdk();
        }
        String name = env.getOrDefault("OTEL_SERVICE_NAME", serviceName);
        return OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().setResource(resource(name)).addSpanProcessor(new NoExport()).build())
                .setPropagators(ContextPropagators.create(W3C)).build();
    }

    /** True when the standard variables (or their system properties) ask for span export. */
    static boolean exportConfigured(Map<String, String> env, Properties system) {
        String exporter = setting("OTEL_TRACES_EXPORTER", env, system);
        if (exporter != null) {
            return !exporter.isBlank() && !exporter.trim().equalsIgnoreCase("none");
        }
        return setting("OTEL_EXPORTER_OTLP_ENDPOINT", env, system) != null
                || setting("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", env, system) != null;
    }

    private static String setting(String variable, Map<String, String> env, Properties system) {
        String property = system.getProperty(variable.toLowerCase(java.util.Locale.ROOT).replace('_', '.'));
        String value = property != null ? property : env.get(variable);
        return value == null || value.isBlank() ? null : value;
    }

    private static Resource resource(String serviceName) {
        return Resource.getDefault().merge(Resource.create(Attributes.of(SERVICE_NAME, serviceName)));
    }
}
