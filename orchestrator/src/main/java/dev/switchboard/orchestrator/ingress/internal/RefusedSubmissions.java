package dev.switchboard.orchestrator.ingress.internal;

import dev.switchboard.contracts.message.DeadLetterHeaders;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.orchestrator.http.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The dead letter of a refused submission on {@code switchboard.submissions.dlq}: the record's key and value (the value
 * cut to the record limit, saying so, as the agents' dead letters do), and headers that say where it came from and why:
 * {@link DeadLetterHeaders}' error class, message, source and time, plus the HTTP status and problem the same body gets
 * from {@code POST /v1/jobs} (decision 0036).
 */
public final class RefusedSubmissions {
    static final int MAX_MESSAGE_CHARS = 2000;
    static final int MAX_PROBLEM_BYTES = 16 * 1024;

    private final TopicCatalogue topics;

    public RefusedSubmissions(TopicCatalogue topics) {
        this.topics = topics;
    }

    public ProducerRecord<String, byte[]> deadLetter(ConsumerRecord<String, byte[]> source, Decision.Refuse refusal, Instant failedAt) {
        Headers headers = new RecordHeaders();
        put(headers, DeadLetterHeaders.ERROR_CLASS, refusal.errorClass());
        put(headers, DeadLetterHeaders.ERROR_MESSAGE, cut(String.valueOf(refusal.problem().detail())));
        put(headers, DeadLetterHeaders.ERROR_STATUS, Integer.toString(refusal.problem().status()));
        byte[] problem = Json.toBytes(refusal.problem());
        headers.add(DeadLetterHeaders.ERROR_PROBLEM, problem.length <= MAX_PROBLEM_BYTES ? problem
                : Json.toBytes(withoutExtensions(refusal.problem())));
        put(headers, DeadLetterHeaders.SOURCE_TOPIC, source.topic());
        put(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(source.partition()));
        put(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(source.offset()));
        put(headers, DeadLetterHeaders.FAILED_AT, failedAt.toString());
        byte[] value = source.value();
        long room = Math.max(0, topics.maxValueBytes() - bytes(source.key()) - size(headers) - 64);
        if (value != null && value.length > room) {
            put(headers, DeadLetterHeaders.TRUNCATED, "true");
            put(headers, DeadLetterHeaders.ORIGINAL_BYTES, Integer.toString(value.length));
            value = Arrays.copyOf(value, (int) room);
        }
        return new ProducerRecord<>(topics.submissionsDlq().name(), null, source.key(), value, headers);
    }

    private static Problem withoutExtensions(Problem p) {
        return new Problem(p.type(), p.title(), p.status(), p.detail(), p.instance(), Map.of());
    }

    private static long bytes(String key) {
        return key == null ? 0 : key.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Bytes the headers take on the wire, roughly (keys, values and a few bytes of framing each). */
    private static long size(Headers headers) {
        long n = 0;
        for (Header h : headers) {
            n += 8 + h.key().length() + (h.value() == null ? 0 : h.value().length);
        }
        return n;
    }

    private static String cut(String s) {
        return s.length() <= MAX_MESSAGE_CHARS ? s : s.substring(0, MAX_MESSAGE_CHARS) + "...";
    }

    private static void put(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
