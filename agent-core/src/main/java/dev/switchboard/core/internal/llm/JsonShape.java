package dev.switchboard.core.internal.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A compact description of the JSON a record type maps to, e.g.
 * {@code {"label":"positive|negative","score":"number"}}: shown to the model and published in an
 * agent's registration.
 */
public final class JsonShape {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 6;

    private JsonShape() {
    }

    public static JsonNode of(Class<?> type) {
        return describe(type, 0);
    }

    private static JsonNode describe(Type type, int depth) {
        if (depth > MAX_DEPTH) {
            return F.textNode("object");
        }
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (Collection.class.isAssignableFrom(raw)) {
                ArrayNode array = F.arrayNode();
                array.add(describe(p.getActualTypeArguments()[0], depth + 1));
                return array;
            }
            if (Map.class.isAssignableFrom(raw)) {
                ObjectNode map = F.objectNode();
                map.set("<key>", describe(p.getActualTypeArguments()[1], depth + 1));
                return map;
            }
            return describe(raw, depth);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class || c == CharSequence.class) {
            return F.textNode("string");
        }
        if (c == boolean.class || c == Boolean.class) {
            return F.textNode("boolean");
        }
        if (c.isPrimitive() || Number.class.isAssignableFrom(c)) {
            return F.textNode(c == int.class || c == long.class || c == Integer.class || c == Long.class ? "integer" : "number");
        }
        if (c.isEnum()) {
            return F.textNode(Arrays.stream(c.getEnumConstants())
                    .map(e -> e.toString().toLowerCase(Locale.ROOT)).collect(Collectors.joining("|")));
        }
        if (c.isArray()) {
            ArrayNode array = F.arrayNode();
            array.add(describe(c.getComponentType(), depth + 1));
            return array;
        }
        if (c.isRecord()) {
            ObjectNode obj = F.objectNode();
            for (RecordComponent rc : c.getRecordComponents()) {
                obj.set(rc.getName(), describe(rc.getGenericType(), depth + 1));
            }
            return obj;
        }
        if (JsonNode.class.isAssignableFrom(c)) {
            return F.textNode("any JSON");
        }
        return F.textNode("object");
    }
}
