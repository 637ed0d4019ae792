package dev.switchboard.core.internal.llm;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.core.config.LlmProvider;
import dev.switchboard.core.config.StructuredOutputMode;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether one gateway's provider is asked to enforce the output record's JSON Schema (decision 0029). In
 * {@link StructuredOutputMode#AUTO} a server that refuses the response format (HTTP 400 or 422 naming it, as OpenAI-
 * compatible servers without structured output answer) is remembered: every later call of the gateway takes the prompt
 * path, so the refusal is paid once, and logged once; a refusal of one type's schema as invalid sends only that type
 * down the prompt path. The offline provider never gets a schema.
 */
final class SchemaSupport {
    private static final Logger log = LoggerFactory.getLogger(SchemaSupport.class);
    /** What a refusal of the response format names: OpenAI's field and type, Anthropic's. */
    private static final Pattern ABOUT_FORMAT =
            Pattern.compile("response_format|json_schema|output_config|output_format|structured output", Pattern.CASE_INSENSITIVE);
    /** What a refusal of one schema, not of schemas, says (OpenAI: "Invalid schema for response_format 'X': ..."). */
    private static final Pattern INVALID_SCHEMA = Pattern.compile("invalid schema|invalid_json_schema", Pattern.CASE_INSENSITIVE);

    private final StructuredOutputMode mode;
    private final String endpoint;
    private final LlmMetrics metrics;
    private final AtomicBoolean refused = new AtomicBoolean();
    private final Set<Class<?>> refusedTypes = ConcurrentHashMap.newKeySet();

    SchemaSupport(LlmConfig config, LlmMetrics metrics) {
        this.mode = config.provider() == LlmProvider.OFFLINE ? StructuredOutputMode.PROMPT : config.structuredOutput();
        this.endpoint = config.provider().id() + (config.baseUrl() == null ? "" : " at " + config.baseUrl());
        this.metrics = metrics;
    }

    /** The response format to send for {@code type}; empty: the prompt path (mode, a refusal seen, or no schema for it). */
    Optional<ResponseFormat> formatFor(Class<?> type) {
        if (mode == StructuredOutputMode.PROMPT || refused.get() || refusedTypes.contains(type)) {
            return Optional.empty();
        }
        return OutputSchema.responseFormat(type);
    }

    /**
     * Whether the call for {@code type} that failed with {@code failure} should be made again on the prompt path: in
     * auto mode, when the server refused the response format. A refusal of this schema ("Invalid schema for
     * response_format ...": a limit of the provider's this type is past) sends {@code type} down the prompt path; any
     * other refusal of the format (the server has no structured output) every type of the gateway. Counted each time,
     * remembered and logged the first time.
     */
    boolean fallBackAfter(Class<?> type, RuntimeException failure) {
        Refusal refusal = mode == StructuredOutputMode.AUTO ? refusalOf(failure) : Refusal.NONE;
        if (refusal == Refusal.NONE) {
            return false;
        }
        metrics.recordStructuredFallback();
        if (refusal == Refusal.THIS_SCHEMA && refusedTypes.add(type)) {
            log.warn("LLM {} refused the JSON Schema of {} as invalid; that type takes the prompt path from now on: {}",
                    endpoint, type.getName(), failure.getMessage());
        } else if (refusal == Refusal.ANY_SCHEMA && refused.compareAndSet(false, true)) {
            log.warn("LLM {} refused a JSON Schema response format; structured output takes the prompt path from now on"
                    + " (set {}=prompt to skip the first try)", endpoint, LlmConfig.STRUCTURED_OUTPUT.envName());
        }
        return true;
    }

    /** Which refusal {@code failure} is: an HTTP 400 or 422 whose body names the response format, anywhere in the cause chain. */
    static Refusal refusalOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpException http && (http.statusCode() == 400 || http.statusCode() == 422)) {
                String message = http.getMessage();
                if (message == null || !ABOUT_FORMAT.matcher(message).find()) {
                    return Refusal.NONE;
                }
                return INVALID_SCHEMA.matcher(message).find() ? Refusal.THIS_SCHEMA : Refusal.ANY_SCHEMA;
            }
        }
        return Refusal.NONE;
    }

    /** What a failed call says about the response format: nothing, this type's schema is refused, any schema is. */
    enum Refusal { NONE, THIS_SCHEMA, ANY_SCHEMA }
}
