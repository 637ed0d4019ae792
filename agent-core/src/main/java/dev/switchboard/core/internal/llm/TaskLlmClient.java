package dev.switchboard.core.internal.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.switchboard.core.runtime.LlmGateway;
import dev.switchboard.core.NonRetriableTaskException;
import dev.switchboard.core.Prompt;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.contracts.message.Budget;
import dev.switchboard.contracts.message.ErrorType;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The model as one task sees it: calls through the shared guard, usage counted for the task's result. A call the task's
 * token budget cannot pay for is never started; a call the task's journal already has an answer for (a redelivered
 * task) is replayed, as is one the answer cache knows; every answer the provider gives is journaled. Structured output
 * asks the provider to enforce the record's JSON Schema when it can ({@link SchemaSupport}), else the shape in the prompt;
 * either way the answer is checked, and repaired once.
 */
final class TaskLlmClient implements LlmGateway.Client {
    private final ChatModel model;
    private final ProviderGuard guard;
    private final LlmConfig config;
    private final LlmMetrics metrics;
    private final String agent;
    private final Budget budget;
    private final TaskJournal journal;
    private final SchemaSupport schemas;
    private Usage usage = Usage.NONE;
    private String modelName;
    private int nextCallIndex;

    TaskLlmClient(ChatModel model, ProviderGuard guard, LlmConfig config, LlmMetrics metrics) {
        this(model, guard, config, metrics, "unknown", null, TaskJournal.NONE, new SchemaSupport(config, metrics));
    }

    TaskLlmClient(ChatModel model, ProviderGuard guard, LlmConfig config, LlmMetrics metrics, String agent, Budget budget,
                  TaskJournal journal, SchemaSupport schemas) {
        this.model = model;
        this.guard = guard;
        this.config = config;
        this.metrics = metrics;
        this.agent = agent;
        this.budget = budget;
        this.journal = journal;
        this.schemas = schemas;
        this.modelName = config.model();
    }

    @Override
    public String chat(Prompt prompt) {
        return send(nextCallIndex(), messages(prompt.system(), prompt.user()), null).aiMessage().text();
    }

    @Override
    public <T> T generate(Prompt prompt, Class<T> type) {
        String system = prompt.system() + "\n\nAnswer with one JSON object of exactly this shape and nothing else:\n"
                + Json.toString(JsonShape.of(type));
        List<ChatMessage> conversation = messages(system, prompt.user());
        ResponseFormat format = schemas.formatFor(type).orElse(null);
        int callIndex = nextCallIndex();
        String first;
        try {
            first = send(callIndex, conversation, format).aiMessage().text();
        } catch (RuntimeException refused) {
            if (format == null || !schemas.fallBackAfter(type, refused)) {
                throw refused;
            }
            format = null; // the same call, on the prompt path: the refused one got no answer to journal
            first = send(callIndex, conversation, null).aiMessage().text();
        }
        try {
            return StructuredOutput.parse(first, type);
        } catch (IllegalArgumentException firstProblem) {
            conversation.add(AiMessage.from(first == null ? "" : first));
            conversation.add(UserMessage.from("That answer was rejected: " + firstProblem.getMessage()
                    + ". Reply again with only the corrected JSON object of the shape given."));
            String second = send(nextCallIndex(), conversation, format).aiMessage().text();
            try {
                T repaired = StructuredOutput.parse(second, type);
                metrics.recordRepair(agent, true);
                return repaired;
            } catch (IllegalArgumentException secondProblem) {
                metrics.recordRepair(agent, false);
                throw new NonRetriableTaskException(ErrorType.OUTPUT_SCHEMA_VIOLATION,
                        "The model's answer did not fit " + type.getSimpleName() + " after one repair: "
                                + secondProblem.getMessage(), secondProblem);
            }
        }
    }

    @Override
    public synchronized Usage usage() {
        return usage;
    }

    @Override
    public String modelName() {
        return modelName;
    }

    private static List<ChatMessage> messages(String system, String user) {
        List<ChatMessage> list = new ArrayList<>();
        list.add(SystemMessage.from(system));
        list.add(UserMessage.from(user));
        return list;
    }

    private synchronized int nextCallIndex() {
        return nextCallIndex++;
    }

    /** Call {@code callIndex} of the task; {@code format} {@code null}: no response format, plain text. */
    private ChatResponse send(int callIndex, List<ChatMessage> conversation, ResponseFormat format) {
        ChatRequest request = withinBudget(conversation, format);
        // hashing a whole prompt (a document of up to megabytes) is for the journal only: offline calls skip it
        String hash = journal.journaling() ? RequestHash.of(config.model(), request) : "";
        Optional<JournalEntry> replayed = journal.replay(callIndex, hash);
        if (replayed.isPresent()) {
            JournalEntry e = replayed.get();
            Double cost = journal.prices().cost(answeredBy(e.modelName()), e.inputTokens(), e.outputTokens());
            return used(e.response(true), Usage.ofReplay(e.inputTokens(), e.outputTokens(), cost), LlmMetrics.Source.JOURNAL);
        }
        Optional<JournalEntry> cached = journal.cached(hash);
        if (cached.isPresent()) {
            ChatResponse free = cached.get().response(false); // another job paid: 0 tokens, no cost for this one
            journal.record(callIndex, hash, free);
            return used(free, Usage.ofReplay(0, 0, null), LlmMetrics.Source.CACHE);
        }
        ChatResponse response = guard == null ? timed(request) : guard.call(estimate(conversation), () -> timed(request), ProviderGuard::tokensOf);
        journal.record(callIndex, hash, response);
        TokenUsage tokens = response.tokenUsage();
        long in = tokens == null || tokens.inputTokenCount() == null ? 0 : tokens.inputTokenCount();
        long out = tokens == null || tokens.outputTokenCount() == null ? 0 : tokens.outputTokenCount();
        Double cost = journal.prices().cost(answeredBy(response.modelName()), in, out);
        return used(response, Usage.ofCall(in, out, cost), LlmMetrics.Source.PROVIDER);
    }

    /** Counts an answer the task used, wherever it came from. */
    private ChatResponse used(ChatResponse response, Usage call, LlmMetrics.Source source) {
        String answeredBy = answeredBy(response.modelName());
        metrics.recordAnswer(agent, answeredBy, source, call);
        synchronized (this) {
            usage = usage.plus(call);
            modelName = answeredBy;
        }
        return response;
    }

    private String answeredBy(String responseModel) {
        return responseModel != null ? responseModel : config.model();
    }

    /**
     * The request for {@code conversation}, its output capped at what the task's budget has left after the input's
     * estimate; refused ({@link ErrorType#BUDGET_EXCEEDED}) when not even one output token would fit.
     */
    private ChatRequest withinBudget(List<ChatMessage> conversation, ResponseFormat format) {
        ChatRequest.Builder request = ChatRequest.builder().messages(List.copyOf(conversation));
        if (format != null) {
            request.responseFormat(format);
        }
        if (budget == null) {
            return request.build();
        }
        long used = usage().totalTokens();
        long input = inputEstimate(conversation);
        long outputCap = Math.min(config.maxOutputTokens(), budget.maxTokens() - used - input);
        if (outputCap < 1) {
            throw new NonRetriableTaskException(ErrorType.BUDGET_EXCEEDED, "The task's budget of " + budget.maxTokens()
                    + " tokens cannot pay for another model call: " + used + " used so far, and the next call's input is about "
                    + input + " tokens, which leaves " + Math.max(0, budget.maxTokens() - used - input) + " for its answer");
        }
        if (outputCap < config.maxOutputTokens()) {
            request.maxOutputTokens((int) outputCap);
        }
        return request.build();
    }

    private ChatResponse timed(ChatRequest request) {
        long start = System.nanoTime();
        boolean ok = false;
        try {
            ChatResponse response = ModelCallSpan.traced(config, request, () -> model.chat(request));
            ok = true;
            return response;
        } finally {
            metrics.recordCall(Duration.ofNanos(System.nanoTime() - start), ok);
        }
    }

    private int estimate(List<ChatMessage> conversation) {
        return inputEstimate(conversation) + config.maxOutputTokens();
    }

    /** About four characters a token. */
    private static int inputEstimate(List<ChatMessage> conversation) {
        int chars = 0;
        for (ChatMessage m : conversation) {
            if (m instanceof SystemMessage s) {
                chars += s.text().length();
            } else if (m instanceof UserMessage u && u.hasSingleText()) {
                chars += u.singleText().length();
            } else if (m instanceof AiMessage a && a.text() != null) {
                chars += a.text().length();
            }
        }
        return (chars + 3) / 4;
    }
}
