package dev.switchboard.core.internal.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A compact description of the JSON a record type maps to, e.g.
 * {@code {"label":"positive|negative","score":"number"}}: shown to the model and published in an
 * agent's registration. The type walk is {@link OutputTypes}'s, shared with the JSON Schema of {@link OutputSchema}.
 */
public final class JsonShape {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final OutputTypes.Visitor<JsonNode> SHAPE = new OutputTypes.Visitor<>() {
        @Override
        public JsonNode string() {
            return F.textNode("string");
        }

        @Override
        public JsonNode bool() {
            return F.textNode("boolean");
        }

        @Override
        public JsonNode integer() {
            return F.textNode("integer");
        }

        @Override
        public JsonNode number() {
            return F.textNode("number");
        }

        @Override
        public JsonNode enumOf(List<String> values) {
            return F.textNode(String.join("|", values));
        }

        @Override
        public JsonNode array(JsonNode items) {
            ArrayNode array = F.arrayNode();
            array.add(items);
            return array;
        }

        @Override
        public JsonNode map(JsonNode values) {
            ObjectNode map = F.objectNode();
            map.set("<key>", values);
            return map;
        }

        @Override
        public JsonNode record(Class<?> type, List<OutputTypes.Field<JsonNode>> fields) {
            ObjectNode obj = F.objectNode();
            fields.forEach(f -> obj.set(f.name(), f.optional() && f.value().isTextual() ? F.textNode(f.value().asText() + "|null") : f.value()));
            return obj;
        }

        @Override
        public JsonNode anyJson() {
            return F.textNode("any JSON");
        }

        @Override
        public JsonNode unknown() {
            return F.textNode("object");
        }
    };

    private JsonShape() {
    }

    public static JsonNode of(Class<?> type) {
        return OutputTypes.walk(type, SHAPE);
    }
}
