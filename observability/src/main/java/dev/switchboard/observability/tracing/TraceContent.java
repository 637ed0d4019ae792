package dev.switchboard.observability.tracing;

import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.Setting;

/**
 * Whether spans may hold prompt and answer text ({@code SWITCHBOARD_TRACE_CONTENT}, default {@code false}): documents
 * and answers can be confidential, and a trace backend is often less guarded than Kafka.
 */
public final class TraceContent {
    public static final Setting<Boolean> SETTING = Setting.ofBoolean("trace.content", false);
    private static volatile Boolean recorded;

    private TraceContent() {
    }

    /** True when this process records model input and output text on its spans. */
    public static boolean recorded() {
        Boolean r = recorded;
        if (r == null) {
            r = SETTING.read(ConfigSource.fromEnvironment());
            recorded = r;
        }
        return r;
    }

    /** For tests: records text from now on ({@code true}) or not; {@code null} reads the setting again. */
    public static void override(Boolean record) {
        recorded = record;
    }
}
