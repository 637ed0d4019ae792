package dev.switchboard.core.internal.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.switchboard.core.runtime.LlmGateway;
import dev.switchboard.core.NonRetriableTaskException;
import dev.switchboard.core.Prompt;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.contracts.message.ErrorType;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The model as one task sees it: calls through the shared guard, usage counted for the task's result. */
final class TaskLlmClient implements LlmGateway.Client {
    private final ChatModel model;
    private final ProviderGuard guard;
    private final LlmConfig config;
    private final LlmMetrics metrics;
    private Usage usage = Usage.NONE;
    private String modelName;

    TaskLlmClient(ChatModel model, ProviderGuard guard, LlmConfig config, LlmMetrics metrics) {
        this.model = model;
        this.guard = guard;
        this.config = config;
        this.metrics = metrics;
        this.modelName = config.model();
    }

    @Override
    public String chat(Prompt prompt) {
        return send(messages(prompt.system(), prompt.user())).aiMessage().text();
    }

    @Override
    public <T> T generate(Prompt prompt, Class<T> type) {
        String system = prompt.system() + "\n\nAnswer with one JSON object of exactly this shape and nothing else:\n"
                + Json.toString(JsonShape.of(type));
        List<ChatMessage> conversation = messages(system, prompt.user());
        String first = send(conversation).aiMessage().text();
        try {
            return StructuredOutput.parse(first, type);
        } catch (IllegalArgumentException firstProblem) {
            metrics.recordRepair();
            conversation.add(AiMessage.from(first == null ? "" : first));
            conversation.add(UserMessage.from("That answer was rejected: " + firstProblem.getMessage()
                    + ". Reply again with only the corrected JSON object of the shape given."));
            String second = send(conversation).aiMessage().text();
            try {
                return StructuredOutput.parse(second, type);
            } catch (IllegalArgumentException secondProblem) {
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

    private ChatResponse send(List<ChatMessage> conversation) {
        ChatRequest request = ChatRequest.builder().messages(List.copyOf(conversation)).build();
        ChatResponse response = guard == null ? timed(request) : guard.call(estimate(conversation), () -> timed(request));
        TokenUsage tokens = response.tokenUsage();
        if (tokens != null) {
            long in = tokens.inputTokenCount() == null ? 0 : tokens.inputTokenCount();
            long out = tokens.outputTokenCount() == null ? 0 : tokens.outputTokenCount();
            metrics.recordTokens(in, out);
            synchronized (this) {
                usage = usage.plus(new Usage(in, out));
            }
        }
        if (response.modelName() != null) {
            modelName = response.modelName();
        }
        return response;
    }

    private ChatResponse timed(ChatRequest request) {
        long start = System.nanoTime();
        boolean ok = false;
        try {
            ChatResponse response = model.chat(request);
            ok = true;
            return response;
        } finally {
            metrics.recordCall(Duration.ofNanos(System.nanoTime() - start), ok);
        }
    }

    private int estimate(List<ChatMessage> conversation) {
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
        return (chars + 3) / 4 + config.maxOutputTokens();
    }
}
