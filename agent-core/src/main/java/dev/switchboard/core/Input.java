package dev.switchboard.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.message.ErrorType;
import dev.switchboard.contracts.message.Json;
import java.util.Optional;

/**
 * The result of an agent this agent needs ({@code needs:} in topics.yaml), as its task received it: the output when that
 * agent answered OK, else its error. An agent gets its inputs from {@link AgentContext#input} or
 * {@link AgentContext#inputs()}.
 *
 * @param agent        the agent that produced it
 * @param ok           whether it answered OK (then {@code output} is its output)
 * @param output       its output as JSON ({@code null} when it failed)
 * @param headline     its one-sentence headline, if it gave one
 * @param errorType    why it failed ({@code null} when OK), e.g. {@code OUTPUT_SCHEMA_VIOLATION}
 * @param errorMessage what went wrong ({@code null} when OK)
 */
public record Input(String agent, boolean ok, JsonNode output, String headline, String errorType, String errorMessage) {

    /**
     * The output read as {@code type}, never {@code null}. Throws {@link NonRetriableTaskException}
     * ({@code INPUT_FAILED}) when the agent failed, answered OK without an output (JSON {@code null} or none) or its
     * output does not read as {@code type}: retrying this task cannot change its inputs.
     */
    public <T> T as(Class<T> type) {
        if (!ok) {
            throw new NonRetriableTaskException(ErrorType.INPUT_FAILED, "input '" + agent + "' failed (" + errorType + "): "
                    + errorMessage);
        }
        if (output == null || output.isNull() || output.isMissingNode()) {
            throw new NonRetriableTaskException(ErrorType.INPUT_FAILED, "input '" + agent + "' answered OK without an output "
                    + "(JSON null or none), so there is no " + type.getSimpleName() + " to read");
        }
        try {
            return Json.fromTree(output, type);
        } catch (IllegalArgumentException e) {
            throw new NonRetriableTaskException(ErrorType.INPUT_FAILED, "input '" + agent + "' does not read as "
                    + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    public Optional<String> findHeadline() {
        return Optional.ofNullable(headline).filter(h -> !h.isBlank());
    }
}
