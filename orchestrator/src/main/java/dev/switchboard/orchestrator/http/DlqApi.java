package dev.switchboard.orchestrator.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.message.DeadLetterRef;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.orchestrator.port.DeadLetters;
import dev.switchboard.orchestrator.port.DeadLettersUnavailableException;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /v1/dlq}, {@code GET /v1/dlq/{ref}} and {@code POST /v1/dlq/replay} (decision 0026): the agents' dead
 * letters, newest first, and their replay. Admin only when keys are configured (without keys, the loopback rule of the
 * whole API applies). Every answer comes from a bounded read (a few seconds at most); a listing cut short by its bound
 * says {@code "complete": false}.
 */
final class DlqApi {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final int MAX_REFS = 500;
    private static final int MAX_ERROR_CLASS_CHARS = 300;
    private static final Set<String> REPLAY_FIELDS = Set.of("agent", "since", "errorClass", "refs", "max", "dryRun");

    private final DeadLetters dlq;
    private final Clock clock;

    DlqApi(DeadLetters dlq, Clock clock) {
        this.dlq = dlq;
        this.clock = clock;
    }

    void list(Context ctx) {
        requireAdmin(ctx);
        DeadLetters.Filter filter = filter(ctx.queryParam("agent"), ctx.queryParam("since"), ctx.queryParam("errorClass"));
        int limit = DlqFilters.bounded("limit", ctx.queryParam("limit"), DEFAULT_LIMIT, MAX_LIMIT);
        DeadLetters.Listing listing = unavailableAs503(ctx, () -> dlq.list(filter, limit));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("order", "newest-first");
        body.put("complete", listing.complete());
        body.put("deadLetters", listing.letters().stream().map(DlqApi::summary).toList());
        Responses.json(ctx, 200, body);
    }

    void show(Context ctx) {
        requireAdmin(ctx);
        DeadLetterRef ref = DlqFilters.ref(ctx.pathParam("ref"));
        DeadLetters.Letter letter = unavailableAs503(ctx, () -> dlq.find(ref)).orElseThrow(() -> new ProblemException(
                Problem.of(404, "dead-letter-not-found", "Not found", "No dead letter " + ref + " (agent:partition:offset)")));
        Map<String, Object> body = summary(letter);
        body.put("headers", letter.headers());
        body.put("task", letter.task());
        if (letter.task() == null) {
            body.put("taskUnavailable", letter.truncated() ? "The dead letter holds a truncated copy of the task"
                    : "The dead letter's value is not readable JSON");
        }
        Responses.json(ctx, 200, body);
    }

    void replay(Context ctx) {
        requireAdmin(ctx);
        JsonNode root = body(ctx);
        DeadLetters.Filter filter = filter(text(root, "agent"), text(root, "since"), text(root, "errorClass"));
        List<DeadLetterRef> refs = refs(root.get("refs"));
        if (filter.agent() == null && refs.isEmpty()) {
            throw ProblemException.unprocessable("replay-needs-a-selection",
                    "Name an 'agent' or 'refs' to replay; replaying every agent's dead letters at once is refused");
        }
        JsonNode max = root.get("max");
        int limit = DlqFilters.bounded("max", max == null || max.isNull() ? null : max.asText(), DEFAULT_LIMIT, MAX_LIMIT);
        JsonNode dryRun = root.get("dryRun");
        if (dryRun != null && !dryRun.isBoolean() && !dryRun.isNull()) {
            throw ProblemException.badRequest("invalid-dry-run", "'dryRun' must be true or false");
        }
        DeadLetters.ReplayOutcome outcome = unavailableAs503(ctx, () -> dlq.replay(
                new DeadLetters.ReplayRequest(filter, refs, limit, dryRun != null && dryRun.asBoolean())));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dryRun", outcome.dryRun());
        body.put("complete", outcome.complete());
        body.put("at", clock.instant().toString());
        body.put("sent", outcome.sent().stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ref", s.ref().toString());
            m.put("jobId", s.jobId());
            m.put("taskId", s.taskId());
            m.put("topic", s.topic());
            if (s.warning() != null) {
                m.put("warning", s.warning());
            }
            return m;
        }).toList());
        body.put("skipped", outcome.skipped().stream().map(s -> Map.of("ref", s.ref().toString(), "reason", s.reason(),
                "detail", s.detail())).toList());
        Responses.json(ctx, 200, body);
    }

    private DeadLetters.Filter filter(String agent, String since, String errorClass) {
        if (agent != null && !dlq.knows(agent)) {
            throw ProblemException.unprocessable("unknown-agent", "No agent '" + DlqFilters.shown(agent)
                    + "' in this orchestrator's topics.yaml");
        }
        if (errorClass != null && (errorClass.isBlank() || errorClass.length() > MAX_ERROR_CLASS_CHARS)) {
            throw ProblemException.badRequest("invalid-error-class", "'errorClass' is a class name (full or simple) or an error"
                    + " type, 1 to " + MAX_ERROR_CLASS_CHARS + " characters");
        }
        Instant from = since == null ? null : DlqFilters.since(since, clock.instant());
        return new DeadLetters.Filter(agent, from, errorClass);
    }

    private static List<DeadLetterRef> refs(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.size() > MAX_REFS) {
            throw ProblemException.badRequest("invalid-refs", "'refs' is an array of at most " + MAX_REFS
                    + " dead-letter refs (agent:partition:offset)");
        }
        List<DeadLetterRef> refs = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isTextual()) {
                throw ProblemException.badRequest("invalid-ref", "Each ref is a string agent:partition:offset");
            }
            refs.add(DlqFilters.ref(n.asText()));
        }
        return refs;
    }

    private static JsonNode body(Context ctx) {
        JsonNode root;
        try {
            String raw = ctx.body();
            root = raw.isBlank() ? Json.mapper().createObjectNode() : Json.mapper().readTree(raw);
        } catch (java.io.IOException e) {
            throw ProblemException.badRequest("malformed-json", "The body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw ProblemException.badRequest("malformed-json", "The body must be a JSON object like {\"agent\": \"sentiment\"}");
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!REPLAY_FIELDS.contains(name)) {
                throw ProblemException.badRequest("unknown-field", "Unknown field '" + DlqFilters.shown(name) + "'; known are "
                        + new java.util.TreeSet<>(REPLAY_FIELDS));
            }
        });
        return root;
    }

    private static String text(JsonNode root, String name) {
        JsonNode n = root.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw ProblemException.badRequest("invalid-" + name, "'" + name + "' must be a string");
        }
        return n.asText();
    }

    private static Map<String, Object> summary(DeadLetters.Letter l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ref", l.ref().toString());
        m.put("agent", l.ref().agent());
        m.put("jobId", l.jobId());
        m.put("taskId", l.taskId());
        m.put("attempts", l.attempts());
        m.put("errorClass", l.errorClass());
        m.put("errorType", l.errorType());
        m.put("errorMessage", l.errorMessage());
        m.put("failedAt", l.failedAt() == null ? null : l.failedAt().toString());
        m.put("sourceTopic", l.sourceTopic());
        m.put("truncated", l.truncated());
        m.put("replayed", l.replayKnown() ? l.replayed() : "unknown"); // the ledger could not be read in time
        m.put("replayedAt", l.replayedAt() == null ? null : l.replayedAt().toString());
        return m;
    }

    private static void requireAdmin(Context ctx) {
        if (!JobAccess.seesEverything(ctx)) {
            throw new ProblemException(Problem.of(403, "admin-key-required", "Forbidden",
                    "Dead letters hold every caller's documents: send an admin key (SWITCHBOARD_ADMIN_API_KEYS)"));
        }
    }

    private static <T> T unavailableAs503(Context ctx, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (DeadLettersUnavailableException e) {
            ctx.header("Retry-After", "5");
            throw new ProblemException(Problem.of(503, "dead-letters-unavailable", "Unavailable", e.getMessage()));
        }
    }
}
