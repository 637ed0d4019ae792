package dev.switchboard.report.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.ErrorInfo;
import dev.switchboard.contracts.message.ErrorType;
import java.util.OptionalLong;

/**
 * The output that stands in for one too large to keep: {@code {"omitted":"OUTPUT_TOO_LARGE","bytes":N}}, N being the
 * size of the omitted output as JSON. A report carries it in place of the agent's output and says so in its synthesis.
 */
final class OmittedOutput {
    static final String OMITTED_FIELD = "omitted";
    static final String BYTES_FIELD = "bytes";

    private OmittedOutput() {
    }

    static JsonNode marker(long bytes) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put(OMITTED_FIELD, ErrorType.OUTPUT_TOO_LARGE.name());
        node.put(BYTES_FIELD, bytes);
        return node;
    }

    static boolean isMarker(JsonNode output) {
        return output != null && output.isObject() && output.size() == 2
                && ErrorType.OUTPUT_TOO_LARGE.name().equals(output.path(OMITTED_FIELD).asText())
                && output.path(BYTES_FIELD).canConvertToLong();
    }

    /** The size of the output {@code result} stood for, when its output was omitted. */
    static OptionalLong omittedBytes(AgentResult result) {
        return isMarker(result.output()) ? OptionalLong.of(result.output().path(BYTES_FIELD).asLong()) : OptionalLong.empty();
    }

    /**
     * {@code result} as a later stage's input: a result whose output was omitted becomes FAILED {@code OUTPUT_TOO_LARGE}
     * (the marker is not the agent's output, and a dependent must not read it as one); any other stays as it is.
     */
    static AgentResult asInput(AgentResult result) {
        OptionalLong bytes = omittedBytes(result);
        if (bytes.isEmpty()) {
            return result;
        }
        ErrorInfo error = ErrorInfo.of(ErrorType.OUTPUT_TOO_LARGE, "the output of " + result.agent() + " (" + bytes.getAsLong()
                + " bytes) was too large to keep; the aggregator omitted it");
        return new AgentResult(result.version(), result.jobId(), result.taskId(), result.agent(), AgentResult.Status.FAILED, null,
                error, result.attempts(), result.model(), result.usage(), result.startedAt(), result.finishedAt());
    }

    /** {@code result} with its output replaced by a marker of {@code bytes}. */
    static AgentResult omit(AgentResult result, long bytes) {
        return new AgentResult(result.version(), result.jobId(), result.taskId(), result.agent(), result.status(), marker(bytes),
                result.error(), result.attempts(), result.model(), result.usage(), result.startedAt(), result.finishedAt(),
                result.headline());
    }
}
