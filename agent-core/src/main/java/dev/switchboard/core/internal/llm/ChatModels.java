package dev.switchboard.core.internal.llm;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.switchboard.core.config.LlmConfig;

/**
 * Builds the langchain4j model of a network provider, on our gated transport, with its own retries off. Both take a JSON
 * Schema response format (decision 0029): OpenAI's in strict mode, Anthropic's as {@code output_config.format}.
 */
final class ChatModels {
    private ChatModels() {
    }

    static ChatModel network(LlmConfig config, HttpClientBuilder transport) {
        return switch (config.provider()) {
            case OPENAI -> OpenAiChatModel.builder()
                    .httpClientBuilder(transport)
                    .baseUrl(config.baseUrl())
                    .apiKey(config.apiKey().isEmpty() ? "none" : config.apiKey().reveal())
                    .modelName(config.model())
                    .timeout(config.timeout())
                    .maxTokens(config.maxOutputTokens())
                    .maxRetries(0)
                    .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
                    .strictJsonSchema(true)
                    .build();
            case ANTHROPIC -> {
                AnthropicChatModel.AnthropicChatModelBuilder b = AnthropicChatModel.builder()
                        .httpClientBuilder(transport)
                        .apiKey(config.apiKey().reveal())
                        .modelName(config.model())
                        .timeout(config.timeout())
                        .maxTokens(config.maxOutputTokens())
                        .maxRetries(0)
                        .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
                if (config.baseUrl() != null && !config.baseUrl().isBlank()) {
                    b.baseUrl(config.baseUrl());
                }
                yield b.build();
            }
            case OFFLINE -> throw new IllegalArgumentException("offline has no network model");
        };
    }
}
