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
        for (String name : new String[] {DeadLetterHeaders.ERROR_CLASS, DeadLetterHeaders.ERROR_TYPE, DeadLetterHeaders.ERROR_MESSAGE, DeadLetterHeaders.ATTEMPTS, DeadLetterHeaders.SOURCE_TOPIC, DeadLetterHeaders.SOURCE_PARTITION, DeadLetterHeaders.SOURCE_OFFSET, DeadLetterHeaders.FAILED_AT,
                DeadLetterHeaders.CRASHES, DeadLetterHeaders.TRUNCATED, DeadLetterHeaders.ORIGINAL_BYTES, DeadLetterHeaders.HEADERS_DROPPED}) {
            headers.remove(name);
        }
        if (dropSource) {
            put(headers, DeadLetterHeaders.HEADERS_DROPPED, Integer.toString(sourceBytes));
        }
        put(headers, DeadLetterHeaders.ERROR_CLASS, errorClass);
        put(headers, DeadLetterHeaders.ERROR_MESSAGE, truncate(message));
        put(headers, DeadLetterHeaders.ATTEMPTS, Integer.toString(attempts));
        put(headers, DeadLetterHeaders.SOURCE_TOPIC, source.topic());
        put(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(source.partition()));
        put(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(source.offset()));
        put(headers, DeadLetterHeaders.FAILED_AT, failedAt.toString());
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
