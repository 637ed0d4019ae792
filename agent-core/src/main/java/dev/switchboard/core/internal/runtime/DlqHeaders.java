package dev.switchboard.core.internal.runtime;

import dev.switchboard.contracts.message.DeadLetterHeaders;
import dev.switchboard.observability.tracing.KafkaTraceHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** The headers of a dead-letter record: the original ones plus where it came from and why it failed. */
final class DlqHeaders {
    static final String ERROR_CLASS = DeadLetterHeaders.ERROR_CLASS;
    static final String ERROR_TYPE = DeadLetterHeaders.ERROR_TYPE;
    static final String ERROR_MESSAGE = DeadLetterHeaders.ERROR_MESSAGE;
    static final String ATTEMPTS = DeadLetterHeaders.ATTEMPTS;
    static final String SOURCE_TOPIC = DeadLetterHeaders.SOURCE_TOPIC;
    static final String SOURCE_PARTITION = DeadLetterHeaders.SOURCE_PARTITION;
    static final String SOURCE_OFFSET = DeadLetterHeaders.SOURCE_OFFSET;
    static final String FAILED_AT = DeadLetterHeaders.FAILED_AT;
    static final String CRASHES = DeadLetterHeaders.CRASHES;
    static final String TRUNCATED = DeadLetterHeaders.TRUNCATED;
    static final String ORIGINAL_BYTES = DeadLetterHeaders.ORIGINAL_BYTES;
    static final String HEADERS_DROPPED = DeadLetterHeaders.HEADERS_DROPPED;
    static final String POISON_RECORD = DeadLetterHeaders.POISON_RECORD;
    static final int MAX_MESSAGE_CHARS = 2000;
    static final int MAX_SOURCE_HEADER_BYTES = 8 * 1024;
    private static final int MAX_TRACEPARENT_BYTES = 128;

    private DlqHeaders() {
    }

    static Headers of(ConsumerRecord<?, ?> source, Throwable error, int attempts, Instant failedAt) {
        return of(source, error.getClass().getName(), String.valueOf(error.getMessage()), attempts, failedAt);
    }

    /**
     * The source's headers plus the error context. Source headers larger than {@code maxSourceHeaderBytes} in all
     * (a hostile writer's) are left out, keeping the trace context, and {@code switchboard.headers.dropped} says so.
     */
    static Headers of(ConsumerRecord<?, ?> source, String errorClass, String message, int attempts, Instant failedAt) {
        Headers headers = new RecordHeaders();
        int sourceBytes = 0;
        for (Header h : source.headers()) {
            sourceBytes += h.key().length() + (h.value() == null ? 0 : h.value().length);
        }
        boolean dropSource = sourceBytes > MAX_SOURCE_HEADER_BYTES;
        if (dropSource) {
            Header trace = source.headers().lastHeader(KafkaTraceHeaders.TRACEPARENT);
            if (trace != null && trace.value() != null && trace.value().length <= MAX_TRACEPARENT_BYTES) {
                headers.add(trace); // the one trace context worth keeping; a flood of them is dropped with the rest
            }
            ReplayOf.carry(source.headers(), headers); // a replayed task's dead letter still names what it replayed
        } else {
            source.headers().forEach(headers::add);
        }
        for (String name : new String[] {ERROR_CLASS, ERROR_TYPE, ERROR_MESSAGE, ATTEMPTS, SOURCE_TOPIC, SOURCE_PARTITION, SOURCE_OFFSET, FAILED_AT,
                CRASHES, TRUNCATED, ORIGINAL_BYTES, HEADERS_DROPPED}) {
            headers.remove(name);
        }
        if (dropSource) {
            put(headers, HEADERS_DROPPED, Integer.toString(sourceBytes));
        }
        put(headers, ERROR_CLASS, errorClass);
        put(headers, ERROR_MESSAGE, truncate(message));
        put(headers, ATTEMPTS, Integer.toString(attempts));
        put(headers, SOURCE_TOPIC, source.topic());
        put(headers, SOURCE_PARTITION, Integer.toString(source.partition()));
        put(headers, SOURCE_OFFSET, Long.toString(source.offset()));
        put(headers, FAILED_AT, failedAt.toString());
        return headers;
    }

    /** Bytes the headers take on the wire, roughly (keys, values and a few bytes of framing each). */
    static int size(Headers headers) {
        int n = 0;
        for (Header h : headers) {
            n += 8 + h.key().getBytes(StandardCharsets.UTF_8).length + (h.value() == null ? 0 : h.value().length);
        }
        return n;
    }

    static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    static String truncate(String s) {
        return s.length() <= MAX_MESSAGE_CHARS ? s : s.substring(0, MAX_MESSAGE_CHARS) + "...";
    }

}
