package dev.switchboard.core.internal.runtime;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** The headers of a dead-letter record: the original ones plus where it came from and why it failed. */
final class DlqHeaders {
    static final String ERROR_CLASS = "switchboard.error.class";
    static final String ERROR_MESSAGE = "switchboard.error.message";
    static final String ATTEMPTS = "switchboard.attempts";
    static final String SOURCE_TOPIC = "switchboard.source.topic";
    static final String SOURCE_PARTITION = "switchboard.source.partition";
    static final String SOURCE_OFFSET = "switchboard.source.offset";
    static final String FAILED_AT = "switchboard.failed.at";
    static final int MAX_MESSAGE_CHARS = 2000;

    private DlqHeaders() {
    }

    static Headers of(ConsumerRecord<?, ?> source, Throwable error, int attempts, Instant failedAt) {
        Headers headers = new RecordHeaders(source.headers().toArray());
        for (String name : new String[] {ERROR_CLASS, ERROR_MESSAGE, ATTEMPTS, SOURCE_TOPIC, SOURCE_PARTITION, SOURCE_OFFSET, FAILED_AT}) {
            headers.remove(name);
        }
        put(headers, ERROR_CLASS, error.getClass().getName());
        put(headers, ERROR_MESSAGE, truncate(String.valueOf(error.getMessage())));
        put(headers, ATTEMPTS, Integer.toString(attempts));
        put(headers, SOURCE_TOPIC, source.topic());
        put(headers, SOURCE_PARTITION, Integer.toString(source.partition()));
        put(headers, SOURCE_OFFSET, Long.toString(source.offset()));
        put(headers, FAILED_AT, failedAt.toString());
        return headers;
    }

    static String truncate(String s) {
        return s.length() <= MAX_MESSAGE_CHARS ? s : s.substring(0, MAX_MESSAGE_CHARS) + "...";
    }

    private static void put(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
