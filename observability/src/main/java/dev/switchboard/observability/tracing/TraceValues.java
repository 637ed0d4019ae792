package dev.switchboard.observability.tracing;

import java.util.Locale;

/** The bounds on incoming trace-context values: a larger one (a hostile writer's) is ignored, as if absent. */
final class TraceValues {
    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";
    /** A version-00 traceparent has 55 characters; later versions may append fields. */
    static final int MAX_TRACEPARENT_BYTES = 128;
    /** W3C: at most 32 list members of at most 256 characters; 512 bytes is what this system passes on. */
    static final int MAX_TRACESTATE_BYTES = 512;

    private TraceValues() {
    }

    /** {@code value} if it is within the bound for {@code key}, else {@code null}. */
    static String bounded(String key, String value) {
        if (value == null) {
            return null;
        }
        int max = switch (key.toLowerCase(Locale.ROOT)) {
            case TRACEPARENT -> MAX_TRACEPARENT_BYTES;
            case TRACESTATE -> MAX_TRACESTATE_BYTES;
            default -> 0;
        };
        return value.length() <= max ? value : null;
    }

    static boolean tooLarge(String key, int bytes) {
        return key.equalsIgnoreCase(TRACEPARENT) ? bytes > MAX_TRACEPARENT_BYTES : bytes > MAX_TRACESTATE_BYTES;
    }
}
