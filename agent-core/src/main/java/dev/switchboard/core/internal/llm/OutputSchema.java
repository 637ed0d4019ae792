package dev.switchboard.core.internal.llm;

import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.List;
import java.util.Optional;

/**
 * The JSON Schema of an agent's output record, as a langchain4j {@link ResponseFormat} the provider enforces (OpenAI
 * {@code response_format} in strict mode, Anthropic {@code output_config.format}): every object closed
 * ({@code additionalProperties: false}) and every field required, as strict mode demands; an {@link Optional} field is
 * {@code anyOf [its type, null]}. A type strict mode cannot express (a map, any JSON, a class that is no record, past
 * {@link StrictSchemaLimits}' nesting, property or enum limits) or whose root is no record has none: its calls take the
 * prompt path.
 */
final class OutputSchema {
    private static final ClassValue<Optional<ResponseFormat>> FORMATS = new ClassValue<>() {
        @Override
        protected Optional<ResponseFormat> computeValue(Class<?> type) {
            return schemaOf(type).map(schema -> ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(schema).build());
        }
    };

    /** Builds each element; {@code null} for what strict mode cannot express, which makes the whole type {@code null}. */
    private static final OutputTypes.Visitor<JsonSchemaElement> SCHEMA = new OutputTypes.Visitor<>() {
        @Override
        public JsonSchemaElement string() {
            return new JsonStringSchema();
        }

        @Override
        public JsonSchemaElement bool() {
            return new JsonBooleanSchema();
        }

        @Override
        public JsonSchemaElement integer() {
            return new JsonIntegerSchema();
        }

        @Override
        public JsonSchemaElement number() {
            return new JsonNumberSchema();
        }

        @Override
        public JsonSchemaElement enumOf(List<String> values) {
            return JsonEnumSchema.builder().enumValues(values).build();
        }

        @Override
        public JsonSchemaElement array(JsonSchemaElement items) {
            return items == null ? null : JsonArraySchema.builder().items(items).build();
        }

        @Override
        public JsonSchemaElement map(JsonSchemaElement values) {
            return null;
        }

        @Override
        public JsonSchemaElement record(Class<?> type, List<OutputTypes.Field<JsonSchemaElement>> fields) {
            JsonObjectSchema.Builder object = JsonObjectSchema.builder().additionalProperties(false)
                    .required(fields.stream().map(OutputTypes.Field::name).toList());
            for (OutputTypes.Field<JsonSchemaElement> f : fields) {
                if (f.value() == null) {
                    return null;
                }
                object.addProperty(f.name(), f.optional()
                        ? JsonAnyOfSchema.builder().anyOf(f.value(), new JsonNullSchema()).build() : f.value());
            }
            return object.build();
        }

        @Override
        public JsonSchemaElement anyJson() {
            return null;
        }

        @Override
        public JsonSchemaElement unknown() {
            return null;
        }
    };

    private OutputSchema() {
    }

    /** The response format asking for {@code type}'s JSON; empty when strict mode cannot express the type. */
    static Optional<ResponseFormat> responseFormat(Class<?> type) {
        return FORMATS.get(type);
    }

    static Optional<JsonSchema> schemaOf(Class<?> type) {
        JsonSchemaElement root = OutputTypes.walk(type, SCHEMA);
        if (!(root instanceof JsonObjectSchema) || !StrictSchemaLimits.withinLimits(root)) {
            return Optional.empty();
        }
        return Optional.of(JsonSchema.builder().name(nameOf(type)).rootElement(root).build());
    }

    /** OpenAI accepts {@code [a-zA-Z0-9_-]{1,64}}. */
    private static String nameOf(Class<?> type) {
        String name = type.getSimpleName().replaceAll("[^a-zA-Z0-9_-]", "_");
        return name.isEmpty() ? "output" : name.substring(0, Math.min(64, name.length()));
    }
}
