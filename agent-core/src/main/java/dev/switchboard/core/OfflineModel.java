package dev.switchboard.core;

/**
 * A deterministic analyzer that stands in for a model when the provider is {@code offline}: it gets
 * the task and returns the output the model would have returned. It runs behind the same langchain4j
 * {@code ChatModel} interface as a real model, so offline runs take the same path (prompt, JSON,
 * parse, validate) as online ones. When the prompt is about a part of the document (a chunk of a long
 * one, see {@link Prompt#forDocument}), {@link AgentTask#text()} is that part.
 *
 * @param <O> the agent's output type
 */
@FunctionalInterface
public interface OfflineModel<O> {

    /** The answer to one request about the task. */
    O answer(AgentTask task) throws Exception;

    /** No offline analyzer: calling the model offline fails with a clear non-retriable error. Always the same instance. */
    @SuppressWarnings("unchecked")
    static <O> OfflineModel<O> none() {
        return (OfflineModel<O>) NoOfflineModel.INSTANCE;
    }

    /** Whether this is {@link #none()}: the agent needs a real model. */
    default boolean isNone() {
        return this == NoOfflineModel.INSTANCE;
    }
}
