package dev.switchboard.observability.tracing;

import org.slf4j.MDC;

/**
 * The log context (MDC) keys the log pattern and the JSON lines show, and a scope that sets one and puts back what
 * was there before (worker threads are pooled: nothing may leak to the next task).
 */
public final class LogContext implements AutoCloseable {
    public static final String JOB_ID = "jobId";
    public static final String TASK_ID = "taskId";
    public static final String TRACE_ID = "traceId";
    public static final String SPAN_ID = "spanId";

    private final String key;
    private final String previous;

    private LogContext(String key, String value) {
        this.key = key;
        this.previous = MDC.get(key);
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    /** Sets {@code key} to {@code value} until closed. */
    public static LogContext put(String key, Object value) {
        return new LogContext(key, value == null ? null : value.toString());
    }

    @Override
    public void close() {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
