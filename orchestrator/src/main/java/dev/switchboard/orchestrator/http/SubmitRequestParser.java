package dev.switchboard.orchestrator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.contracts.message.AgentGraph;
import dev.switchboard.contracts.message.Budget;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.orchestrator.OrchestratorConfig;
import dev.switchboard.orchestrator.callback.CallbackUrls;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.orchestrator.port.JobQueries;
import dev.switchboard.orchestrator.port.JobRequest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a {@code POST /v1/jobs} body into a {@link JobRequest}, or a problem that says exactly what
 * is wrong: 415 wrong media type, 413 too large, 400 not UTF-8 / malformed JSON / empty document,
 * 422 wrong field types, unknown agents, deadline or budget out of bounds, bad callback URL. The budget
 * ({@code "budget": {"maxTokens": N}}) defaults to the caller's key's ({@code SWITCHBOARD_KEY_BUDGET_TOKENS}, else
 * {@code SWITCHBOARD_DEFAULT_BUDGET_TOKENS}), may only be lower, and must give each agent's task at least one token
 * (decision 0024). The job's agents are those asked for (or the defaults) and every agent they need, directly or not,
 * each need before its first dependent ({@link AgentGraph#closure}, decision 0030); the budget is shared among them all.
 */
public final class SubmitRequestParser {
    static final int MAX_METADATA_ENTRIES = 32;
    static final int MAX_METADATA_CHARS = 256;
    private static final ObjectMapper MAPPER = Json.mapper();

    private final OrchestratorConfig config;
    private final AgentGraph graph;

    /** {@code graph}: which agents need which others (topics.yaml's {@code needs}). */
    public SubmitRequestParser(OrchestratorConfig config, AgentGraph graph) {
        this.config = config;
        this.graph = graph;
    }

    /** The agents a job may ask for: those topics.yaml declares and those that registered since (the view's). */
    public static Set<String> knownAgents(TopicCatalogue topics, JobQueries view) {
        Set<String> known = new TreeSet<>(topics.agentNames());
        known.addAll(view.agentNames());
        return known;
    }

    /** The agents a job gets when it names none: {@code SWITCHBOARD_DEFAULT_AGENTS}, else topics.yaml's defaults. */
    public List<String> defaultAgents(TopicCatalogue topics) {
        return config.defaultAgents() != null ? config.defaultAgents() : List.copyOf(topics.defaultAgentNames());
    }

    /** {@code owner}: the caller's id ({@link dev.switchboard.orchestrator.OwnerIds}), whose key's default budget applies. */
    public JobRequest parse(String contentTypeHeader, byte[] body, Set<String> knownAgents, List<String> defaultAgents, String owner) {
        String mediaType = mediaType(contentTypeHeader);
        if (body.length > config.maxDocumentBytes()) {
            throw tooLarge();
        }
        String text = utf8(body);
        String hash = sha256(mediaType + "\n" + text);
        if (mediaType.equals("text/plain")) {
            List<String> agents = agents(null, knownAgents, defaultAgents);
            return new JobRequest(requireText(text), "text/plain", agents, null,
                    config.defaultDeadline(), Map.of(), hash, enoughFor(agents, defaultAgents, config.defaultBudget(owner)));
        }
        if (!mediaType.equals("application/json")) {
            throw new ProblemException(Problem.of(415, "unsupported-media-type", "Unsupported media type",
                    "Send application/json ({\"document\": ...}) or text/plain; got " + (mediaType.isEmpty() ? "no Content-Type" : mediaType)));
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("malformed-json", "The body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw ProblemException.badRequest("malformed-json", "The body must be a JSON object like {\"document\": \"...\"}");
        }
        JsonNode doc = root.get("document");
        String documentText;
        String documentType = "text/plain";
        if (doc == null || doc.isNull()) {
            throw ProblemException.badRequest("empty-document", "'document' is required");
        } else if (doc.isTextual()) {
            documentText = doc.asText();
        } else if (doc.isObject() && doc.path("text").isTextual()) {
            documentText = doc.path("text").asText();
            if (doc.has("contentType")) {
                documentType = textField(doc.get("contentType"), "document.contentType");
            }
        } else {
            throw ProblemException.unprocessable("invalid-field", "'document' must be a string or {\"text\": \"...\", \"contentType\": \"...\"}");
        }
        List<String> requested = null;
        if (root.has("agents") && !root.get("agents").isNull()) {
            JsonNode a = root.get("agents");
            if (!a.isArray()) {
                throw ProblemException.unprocessable("invalid-field", "'agents' must be an array of agent names");
            }
            requested = new ArrayList<>();
            for (JsonNode n : a) {
                requested.add(textField(n, "agents[]"));
            }
        }
        String callback = root.has("callbackUrl") && !root.get("callbackUrl").isNull()
                ? textField(root.get("callbackUrl"), "callbackUrl") : null;
        if (callback != null) {
            if (config.callbackSecret().isEmpty()) {
                throw ProblemException.unprocessable("callbacks-disabled",
                        "This orchestrator has no SWITCHBOARD_CALLBACK_SECRET, so it cannot sign callbacks; submit without callbackUrl");
            }
            String problem = CallbackUrls.syntaxProblem(callback);
            if (problem != null) {
                throw ProblemException.unprocessable("invalid-callback-url", problem);
            }
        }
        Duration deadline = deadline(root.get("deadlineSeconds"));
        Map<String, String> metadata = metadata(root.get("metadata"));
        Budget budget = budget(root.get("budget"), config.defaultBudget(owner));
        List<String> agents = agents(requested, knownAgents, defaultAgents);
        return new JobRequest(requireText(documentText), documentType, agents, callback, deadline, metadata, hash,
                enoughFor(agents, requested == null ? defaultAgents : requested, budget));
    }

    private ProblemException tooLarge() {
        return new ProblemException(Problem.of(413, "document-too-large", "Document too large",
                "The body is larger than " + config.maxDocumentBytes() + " bytes").with("maxBytes", config.maxDocumentBytes()));
    }

    static String mediaType(String header) {
        if (header == null) {
            return "";
        }
        int semi = header.indexOf(';');
        return (semi < 0 ? header : header.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw ProblemException.badRequest("not-utf8", "The body is not valid UTF-8");
        }
    }

    private static String requireText(String text) {
        if (text == null || text.isBlank()) {
            throw ProblemException.badRequest("empty-document", "The document is empty");
        }
        if (text.indexOf('\u0000') >= 0) {
            throw ProblemException.badRequest("invalid-document", "The document contains NUL characters");
        }
        return text;
    }

    private static String textField(JsonNode node, String name) {
        if (node == null || !node.isTextual()) {
            throw ProblemException.unprocessable("invalid-field", "'" + name + "' must be a string");
        }
        return node.asText();
    }

    /** The asked-for (or default) agents, each known, and every agent they need: the job's agents, needs first. */
    private List<String> agents(List<String> requested, Set<String> known, List<String> defaults) {
        List<String> wanted = requested == null ? defaults : requested;
        if (wanted.isEmpty()) {
            throw ProblemException.unprocessable("no-agents", "Ask for at least one agent; known agents: " + known);
        }
        Set<String> unique = new LinkedHashSet<>(wanted);
        List<String> closure = graph.closure(unique);
        List<String> unknown = closure.stream().filter(a -> !known.contains(a)).toList();
        if (!unknown.isEmpty()) {
            throw new ProblemException(Problem.of(422, "unknown-agent", "Unknown agent",
                    "Unknown agent(s) " + unknown + parenthesized(pulledIn(unique, unknown)) + "; known agents: " + known)
                    .with("unknownAgents", unknown).with("knownAgents", known));
        }
        return closure;
    }

    /**
     * Why {@code agents} are in the job though not asked for: {@code "synthesis needs sentiment, summary"}, naming the
     * asked-for agents whose needs pulled them in; empty when every one of them was asked for.
     */
    private String pulledIn(Set<String> asked, List<String> agents) {
        List<String> pulled = agents.stream().filter(a -> !asked.contains(a)).toList();
        if (pulled.isEmpty()) {
            return "";
        }
        List<String> why = new ArrayList<>();
        for (String dependent : asked) {
            List<String> itsNeeds = graph.closure(List.of(dependent)).stream().filter(pulled::contains).toList();
            if (!itsNeeds.isEmpty()) {
                why.add(dependent + " needs " + String.join(", ", itsNeeds));
            }
        }
        return String.join("; ", why);
    }

    private static String parenthesized(String s) {
        return s.isEmpty() ? "" : " (" + s + ")";
    }

    private Duration deadline(JsonNode node) {
        if (node == null || node.isNull()) {
            return config.defaultDeadline();
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw ProblemException.unprocessable("invalid-deadline", "'deadlineSeconds' must be a whole number of seconds");
        }
        long seconds = node.asLong();
        Duration d = Duration.ofSeconds(Math.max(0, Math.min(seconds, Long.MAX_VALUE / 1_000_000_000L)));
        if (seconds < OrchestratorConfig.MIN_DEADLINE.toSeconds() || d.compareTo(config.maxDeadline()) > 0) {
            throw ProblemException.unprocessable("invalid-deadline", "'deadlineSeconds' must be between "
                    + OrchestratorConfig.MIN_DEADLINE.toSeconds() + " and " + config.maxDeadline().toSeconds() + ", was " + seconds);
        }
        return d;
    }

    /**
     * The job's budget: the request's {@code budget.maxTokens} (1 to {@link Budget#MAX_TOKENS}, at most the default), or
     * the default ({@code null} when there is none and the request names none).
     */
    private static Budget budget(JsonNode node, Budget fallback) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        JsonNode max = node.get("maxTokens");
        if (!node.isObject() || max == null || !max.isIntegralNumber() || !max.canConvertToLong()) {
            throw ProblemException.unprocessable("invalid-budget", "'budget' must be {\"maxTokens\": N} with N a whole number"
                    + " from 1 to " + Budget.MAX_TOKENS);
        }
        long tokens = max.asLong();
        if (tokens < 1 || tokens > Budget.MAX_TOKENS) {
            throw ProblemException.unprocessable("invalid-budget", "'budget.maxTokens' must be from 1 to " + Budget.MAX_TOKENS
                    + ", was " + tokens);
        }
        if (fallback != null && tokens > fallback.maxTokens()) {
            throw ProblemException.unprocessable("invalid-budget", "'budget.maxTokens' may be at most your key's default"
                    + " budget, " + fallback.maxTokens() + " tokens (" + OrchestratorConfig.KEY_BUDGET_TOKENS.envName() + ", else "
                    + OrchestratorConfig.DEFAULT_BUDGET_TOKENS.envName() + "); was " + tokens);
        }
        return new Budget(tokens);
    }

    /**
     * The budget, if it gives each agent's task at least one token: a task's share is rounded up to 1 ({@link Budget#perTask}),
     * so a smaller budget would let the tasks together spend more than it. Every agent of the job counts, also those that
     * the {@code asked} ones need.
     */
    private Budget enoughFor(List<String> agents, List<String> asked, Budget budget) {
        if (budget != null && budget.maxTokens() < agents.size()) {
            String why = pulledIn(new LinkedHashSet<>(asked), agents);
            throw ProblemException.unprocessable("invalid-budget", "'budget.maxTokens' must be at least the number of agents ("
                    + agents.size() + ": one token per task" + (why.isEmpty() ? "" : "; " + why) + "), was " + budget.maxTokens()
                    + "; ask for fewer agents or a larger budget (at most your key's default)");
        }
        return budget;
    }

    private static Map<String, String> metadata(JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw ProblemException.unprocessable("invalid-field", "'metadata' must be an object of string values");
        }
        if (node.size() > MAX_METADATA_ENTRIES) {
            throw ProblemException.unprocessable("invalid-field", "'metadata' may have at most " + MAX_METADATA_ENTRIES + " entries");
        }
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            String v = textField(e.getValue(), "metadata." + e.getKey());
            if (e.getKey().length() > MAX_METADATA_CHARS || v.length() > MAX_METADATA_CHARS) {
                throw ProblemException.unprocessable("invalid-field", "metadata keys and values may have at most " + MAX_METADATA_CHARS + " characters");
            }
            out.put(e.getKey(), v);
        });
        return out;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
