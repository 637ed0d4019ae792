package dev.switchboard.core.internal.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.observability.tracing.SpanScope;
import dev.switchboard.observability.tracing.TraceContent;
import dev.switchboard.observability.tracing.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One model call as a client span of the OpenTelemetry GenAI semantic conventions: {@code chat <model>} with
 * {@code gen_ai.operation.name}, {@code gen_ai.provider.name}, the request and response models, the output cap, the
 * token usage, and {@code error.type} when it fails. Prompt and answer text ({@code gen_ai.input.messages},
 * {@code gen_ai.output.messages}) only when {@link TraceContent#recorded()}.
 */
final class ModelCallSpan {
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<Long> MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");
    static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");
    static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");

    private ModelCallSpan() {
    }

    /** Runs {@code call} (one request to the provider) inside its span, a child of the current one (the task attempt). */
    static ChatResponse traced(LlmConfig config, ChatRequest request, Supplier<ChatResponse> call) {
        Integer cap = request.maxOutputTokens();
        SpanScope scope = SpanScope.start(Tracing.tracer().spanBuilder("chat " + config.model())
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(OPERATION, "chat")
                .setAttribute(PROVIDER, config.provider().id())
                .setAttribute(REQUEST_MODEL, config.model())
                .setAttribute(MAX_TOKENS, (long) (cap != null ? cap : config.maxOutputTokens())));
        try {
            if (TraceContent.recorded()) {
                scope.span().setAttribute(INPUT_MESSAGES, Json.toString(messages(request.messages())));
            }
            ChatResponse response = call.get();
            answered(scope.span(), config, response);
            return response;
        } catch (RuntimeException | Error e) {
            scope.fail(e);
            throw e;
        } finally {
            scope.close();
        }
    }

    private static void answered(Span span, LlmConfig config, ChatResponse response) {
        span.setAttribute(RESPONSE_MODEL, response.modelName() != null ? response.modelName() : config.model());
        TokenUsage tokens = response.tokenUsage();
        if (tokens != null && tokens.inputTokenCount() != null) {
            span.setAttribute(INPUT_TOKENS, (long) tokens.inputTokenCount());
        }
        if (tokens != null && tokens.outputTokenCount() != null) {
            span.setAttribute(OUTPUT_TOKENS, (long) tokens.outputTokenCount());
        }
        if (response.finishReason() != null) {
            span.setAttribute(FINISH_REASONS, List.of(response.finishReason().name().toLowerCase(java.util.Locale.ROOT)));
        }
        if (TraceContent.recorded() && response.aiMessage() != null) {
            span.setAttribute(OUTPUT_MESSAGES, Json.toString(List.of(message("assistant", response.aiMessage().text()))));
        }
    }

    /** The GenAI conventions' message shape: role and text parts. */
    private static List<Map<String, Object>> messages(List<ChatMessage> conversation) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ChatMessage m : conversation) {
            if (m instanceof SystemMessage s) {
                out.add(message("system", s.text()));
            } else if (m instanceof UserMessage u && u.hasSingleText()) {
                out.add(message("user", u.singleText()));
            } else if (m instanceof AiMessage a) {
                out.add(message("assistant", a.text()));
            }
        }
        return out;
    }

    private static Map<String, Object> message(String role, String text) {
        return Map.of("role", role, "parts", List.of(Map.of("type", "text", "content", text == null ? "" : text)));
    }
}
