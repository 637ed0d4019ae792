package dev.switchboard.core.internal.llm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.switchboard.core.SelfValidating;
import dev.switchboard.contracts.message.Json;
import java.util.Locale;

/**
 * Turns a model's text into a validated record: strips code fences and chatter around the JSON
 * object, maps it strictly (every field present, enums case-insensitive) and runs
 * {@link SelfValidating#validate()}.
 */
final class StructuredOutput {
    private static final ObjectMapper STRICT = JsonMapper.builder(Json.mapper().getFactory())
            .findAndAddModules()
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    private StructuredOutput() {
    }

    /** The text of {@code value} that {@link #parse} reads back: its name in lower case, or its Jackson value as it is. */
    static String textOf(Enum<?> value) {
        String text = STRICT.convertValue(value, String.class);
        return text.equals(value.name()) ? text.toLowerCase(Locale.ROOT) : text;
    }

    /** Parses and validates; throws {@link IllegalArgumentException} with a message fit to show the model. */
    static <T> T parse(String text, Class<T> type) {
        String json = extractObject(text);
        T value;
        try {
            value = STRICT.readValue(json, type);
        } catch (Exception e) {
            String reason = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException("not valid JSON for the requested shape: " + reason, e);
        }
        if (value instanceof SelfValidating v) {
            v.validate();
        }
        return value;
    }

    static String extractObject(String text) {
        if (text == null) {
            throw new IllegalArgumentException("the answer was empty");
        }
        int start = text.indexOf('{');
        int end = text.lastIndexOf('}');
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("the answer contains no JSON object");
        }
        return text.substring(start, end + 1);
    }
}
