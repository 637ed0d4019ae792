package dev.switchboard.core;

/**
 * A deterministic analyzer that stands in for a model when the provider is {@code offline}: it
 * gets the prompt and returns the output object the model would have returned as JSON. It runs
 * behind the same langchain4j {@code ChatModel} interface as a real model, so offline runs take
 * the same path (prompt, parse, validate) as online ones.
 */
@FunctionalInterface
public interface OfflineModel {

    /** No offline analyzer: calling the model offline fails with a clear non-retriable error. */
    OfflineModel NONE = prompt -> {
        throw new NonRetriableTaskException(dev.switchboard.contracts.message.ErrorType.AGENT_ERROR,
                "This agent has no offline analyzer; set SWITCHBOARD_LLM_PROVIDER to openai or anthropic");
    };

    /** The answer to one prompt, as an object that serializes to the expected JSON. */
    Object answer(Prompt prompt);
}
