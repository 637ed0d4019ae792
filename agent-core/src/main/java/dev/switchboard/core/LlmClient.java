package dev.switchboard.core;

/**
 * The model as an agent sees it. Every call goes through the process's gateway: rate limit, token
 * budget, retry with backoff honouring {@code Retry-After}, circuit breaker and timeout.
 */
public interface LlmClient {

    /** Free text. */
    String chat(Prompt prompt);

    /**
     * Structured output: asks for JSON of {@code type}, parses it and, if the type is
     * {@link SelfValidating}, validates it. A malformed answer gets one repair request; a second
     * malformed answer throws {@link NonRetriableTaskException} of type {@code OUTPUT_SCHEMA_VIOLATION}.
     */
    <T> T generate(Prompt prompt, Class<T> type);
}
