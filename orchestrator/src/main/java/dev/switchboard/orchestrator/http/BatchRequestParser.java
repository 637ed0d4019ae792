package dev.switchboard.orchestrator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.orchestrator.port.BatchItem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a {@code POST /v1/jobs:batch} body into its items and validates each alone with the {@link SubmitRequestParser}
 * of {@code POST /v1/jobs} (decision 0037): {@code application/x-ndjson} (one JSON object per line, blank lines ignored)
 * or {@code application/json} (an array). Each item is a {@code POST /v1/jobs} JSON body plus an optional
 * {@code "idempotencyKey"}. A bad item is that item's problem; the whole body is refused (a {@link ProblemException})
 * only when it is unusable: another media type (415), not a JSON array (400), no items (400), more than
 * {@link #MAX_ITEMS} items (422).
 */
final class BatchRequestParser {
    static final int MAX_ITEMS = 1_000;
    static final String NDJSON = "application/x-ndjson";
    static final String KEY_FIELD = "idempotencyKey";
    private static final ObjectMapper MAPPER = Json.mapper();

    private final SubmitRequestParser items;

    BatchRequestParser(SubmitRequestParser items) {
        this.items = items;
    }

    /** One item: its validated request, or the problem a single submit of it would have been answered with. */
    record Item(BatchItem item, Problem problem) {
    }

    List<Item> parse(String contentTypeHeader, byte[] body, Set<String> knownAgents, List<String> defaultAgents, String owner) {
        List<byte[]> raw = split(SubmitRequestParser.mediaType(contentTypeHeader), body);
        List<Item> parsed = new ArrayList<>(raw.size());
        for (byte[] item : raw) {
            parsed.add(item(item, knownAgents, defaultAgents, owner));
        }
        return parsed;
    }

    private Item item(byte[] json, Set<String> knownAgents, List<String> defaultAgents, String owner) {
        try {
            String key = null;
            byte[] request = json;
            JsonNode node = objectOrNull(json);
            if (node instanceof ObjectNode object && object.has(KEY_FIELD)) {
                key = key(object.remove(KEY_FIELD));
                request = MAPPER.writeValueAsBytes(object);
            }
            // not an object: the parser answers the same problem as POST /v1/jobs would (malformed JSON, not UTF-8, ...)
            return new Item(new BatchItem(items.parse("application/json", request, knownAgents, defaultAgents, owner), key), null);
        } catch (ProblemException e) {
            return new Item(null, e.problem());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A parsed JSON object could not be written again", e);
        }
    }

    private static String key(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ProblemException.badRequest("invalid-idempotency-key", "'" + KEY_FIELD + "' must be a string of 1 to 255 characters");
        }
        SubmitProblems.checkKey(node.asText());
        return node.asText();
    }

    private static JsonNode objectOrNull(byte[] json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Each item's bytes, or the problem of a body that is unusable as a whole. */
    private static List<byte[]> split(String mediaType, byte[] body) {
        List<byte[]> raw = switch (mediaType) {
            case NDJSON -> lines(body);
            case "application/json" -> elements(body);
            default -> throw new ProblemException(Problem.of(415, "unsupported-media-type", "Unsupported media type",
                    "Send " + NDJSON + " (one JSON object per line) or application/json (an array of objects); got "
                            + (mediaType.isEmpty() ? "no Content-Type" : mediaType)));
        };
        if (raw.isEmpty()) {
            throw ProblemException.badRequest("empty-batch", "The batch has no items");
        }
        return raw;
    }

    /** The non-blank lines; counted first, so a body of too many lines is refused before any is kept. */
    private static List<byte[]> lines(byte[] body) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                int end = i > start && body[i - 1] == '\r' ? i - 1 : i;
                if (!blank(body, start, end)) {
                    checkCount(lines.size() + 1);
                    lines.add(java.util.Arrays.copyOfRange(body, start, end));
                }
                start = i + 1;
            }
        }
        return lines;
    }

    private static boolean blank(byte[] body, int start, int end) {
        for (int i = start; i < end; i++) {
            if (body[i] != ' ' && body[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    private static List<byte[]> elements(byte[] body) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            throw ProblemException.badRequest("malformed-json", "The body is not a valid JSON array: " + e.getMessage());
        }
        if (root == null || !root.isArray()) {
            throw ProblemException.badRequest("malformed-json", "An application/json batch must be an array of job requests");
        }
        checkCount(root.size());
        List<byte[]> elements = new ArrayList<>(root.size());
        for (JsonNode element : root) {
            try {
                elements.add(MAPPER.writeValueAsBytes(element));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("A parsed JSON node could not be written again", e);
            }
        }
        return elements;
    }

    private static void checkCount(int items) {
        if (items > MAX_ITEMS) {
            throw new ProblemException(Problem.of(422, "too-many-items", "Too many items",
                    "A batch may have at most " + MAX_ITEMS + " items; split it into several batches").with("maxItems", MAX_ITEMS));
        }
    }
}
