package dev.switchboard.orchestrator.dlq;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.message.DeadLetterHeaders;
import dev.switchboard.contracts.message.DeadLetterRef;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.orchestrator.port.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads a dead-letter record as the runtime wrote it (decision 0026): its headers (each the last of its name, as
 * UTF-8, cut at {@link #MAX_HEADER_CHARS}) and its value, the dead-lettered task, unless the copy is truncated or is
 * not a task. Nothing in a dead letter is trusted: a malformed header reads as absent.
 */
final class DeadLetterRecords {
    static final int MAX_HEADER_CHARS = 2000;
    static final int SUMMARY_MESSAGE_CHARS = 500;
    private static final int MAX_HEADERS = 64;
    private static final int MAX_ID_CHARS = 100;

    private DeadLetterRecords() {
    }

    /** The whole dead letter: every header and the task parsed (show and replay). */
    static DeadLetters.Letter letter(String agent, ConsumerRecord<String, byte[]> r, ReplayLedger.Replays replays) {
        Map<String, String> headers = headers(r);
        boolean truncated = "true".equals(headers.get(DeadLetterHeaders.TRUNCATED));
        Optional<JsonNode> json = truncated ? Optional.empty() : json(r.value());
        Optional<Task> task = json.flatMap(DeadLetterRecords::task);
        String jobId = task.map(t -> t.jobId().toString()).orElse(r.key());
        String taskId = task.map(t -> t.taskId().toString()).orElse(null);
        DeadLetterRef ref = new DeadLetterRef(agent, r.partition(), r.offset());
        return new DeadLetters.Letter(ref, jobId, taskId, integer(headers.get(DeadLetterHeaders.ATTEMPTS)),
                headers.get(DeadLetterHeaders.ERROR_CLASS), headers.get(DeadLetterHeaders.ERROR_TYPE),
                headers.get(DeadLetterHeaders.ERROR_MESSAGE), failedAt(headers, r), headers.get(DeadLetterHeaders.SOURCE_TOPIC),
                truncated, replays.at(ref, jobId, taskId), replays.known(), headers, json.orElse(null));
    }

    /**
     * A dead letter's summary for a listing: no task tree and no headers kept (a scan passes thousands of records of up
     * to the topic's record size), the ids read by streaming over the task's top-level fields, the error message cut at
     * {@link #SUMMARY_MESSAGE_CHARS}.
     */
    static DeadLetters.Letter summary(String agent, ConsumerRecord<String, byte[]> r, ReplayLedger.Replays replays) {
        Map<String, String> headers = headers(r);
        boolean truncated = "true".equals(headers.get(DeadLetterHeaders.TRUNCATED));
        String[] ids = truncated ? new String[2] : ids(r.value());
        String jobId = ids[0] != null && ids[1] != null ? ids[0] : r.key();
        String taskId = ids[0] != null ? ids[1] : null;
        String message = headers.get(DeadLetterHeaders.ERROR_MESSAGE);
        if (message != null && message.length() > SUMMARY_MESSAGE_CHARS) {
            message = message.substring(0, SUMMARY_MESSAGE_CHARS) + "...";
        }
        DeadLetterRef ref = new DeadLetterRef(agent, r.partition(), r.offset());
        return new DeadLetters.Letter(ref, jobId, taskId, integer(headers.get(DeadLetterHeaders.ATTEMPTS)),
                headers.get(DeadLetterHeaders.ERROR_CLASS), headers.get(DeadLetterHeaders.ERROR_TYPE), message,
                failedAt(headers, r), headers.get(DeadLetterHeaders.SOURCE_TOPIC), truncated,
                replays.at(ref, jobId, taskId), replays.known(), Map.of(), null);
    }

    /** The task's top-level {@code jobId} and {@code taskId}, each {@code null} when absent or unreadable. */
    private static String[] ids(byte[] value) {
        String[] ids = new String[2];
        if (value == null) {
            return ids;
        }
        try (JsonParser p = Json.mapper().getFactory().createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return ids;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME && (ids[0] == null || ids[1] == null)) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_STRING && ("jobId".equals(name) || "taskId".equals(name))) {
                    ids["jobId".equals(name) ? 0 : 1] = p.getText().length() <= MAX_ID_CHARS ? p.getText() : null;
                } else {
                    p.skipChildren();
                }
            }
            return ids;
        } catch (java.io.IOException | RuntimeException e) {
            return new String[2];
        }
    }

    /** The dead-lettered task, if the record holds a whole, readable one. */
    static Optional<Task> task(DeadLetters.Letter letter) {
        return letter.truncated() || letter.task() == null ? Optional.empty() : task(letter.task());
    }

    private static Optional<Task> task(JsonNode json) {
        try {
            return Optional.of(Json.fromTree(json, Task.class));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<JsonNode> json(byte[] value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(Json.fromBytes(value, JsonNode.class));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> headers(ConsumerRecord<String, byte[]> r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            if (out.size() >= MAX_HEADERS && !out.containsKey(h.key())) {
                continue;
            }
            String value = h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
            out.put(h.key(), value.length() <= MAX_HEADER_CHARS ? value : value.substring(0, MAX_HEADER_CHARS) + "...");
        }
        return out;
    }

    private static Instant failedAt(Map<String, String> headers, ConsumerRecord<?, ?> r) {
        String at = headers.get(DeadLetterHeaders.FAILED_AT);
        try {
            return at == null ? Instant.ofEpochMilli(r.timestamp()) : Instant.parse(at);
        } catch (DateTimeParseException e) {
            return Instant.ofEpochMilli(r.timestamp());
        }
    }

    private static Integer integer(String s) {
        try {
            return s == null ? null : Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
