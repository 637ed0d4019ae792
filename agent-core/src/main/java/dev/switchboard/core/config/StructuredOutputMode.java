package dev.switchboard.core.config;

/** How the gateway asks a network model for an agent's structured output (decision 0029). */
public enum StructuredOutputMode {
    /**
     * The JSON Schema of the output record in the request, enforced by the provider; a server that refuses it (an
     * HTTP 400 about the response format) gets the prompt path from then on. The default.
     */
    AUTO,
    /** Always the JSON Schema; a server that refuses it fails the call. */
    SCHEMA,
    /** Never a schema: the shape in the prompt, the answer checked and repaired once. */
    PROMPT;

    public static StructuredOutputMode parse(String value) {
        return ConfigEnums.parse(StructuredOutputMode.class, LlmConfig.STRUCTURED_OUTPUT.envName(), value);
    }
}
