package dev.switchboard.core;

import dev.switchboard.contracts.message.Task;

/**
 * One agent type: what it is called, what it produces, and how it turns a task into that output.
 *
 * <p>An agent holds no Kafka, retry, dead-letter or metrics code: the runtime does all of that.
 * Throw {@link RetriableTaskException} for a failure that may pass (the task goes to the next retry
 * tier) and {@link NonRetriableTaskException} for one that will not (dead letter and a FAILED
 * result). Any other exception counts as non-retriable, except I/O and timeouts.
 *
 * @param <O> the output record, written as JSON into {@code AgentResult.output}
 */
public interface Agent<O> {

    /** The agent's name: its topic suffix ({@code switchboard.tasks.<name>}) and its key in a report. */
    String name();

    /** The output type, also used to describe the expected JSON to the model. */
    Class<O> outputType();

    /** Does the work for one task. Called on a worker thread; many calls run at once. */
    O handle(Task task, AgentContext context) throws Exception;

    /**
     * The agent's deterministic stand-in for a model, used when the provider is {@code offline}.
     * The default has none: such an agent needs a real provider.
     */
    default OfflineModel offlineModel() {
        return OfflineModel.NONE;
    }
}
