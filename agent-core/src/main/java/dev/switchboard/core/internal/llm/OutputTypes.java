package dev.switchboard.core.internal.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Walks the Java type of an agent's output the way {@link StructuredOutput} maps JSON onto it, for the two views of
 * it: the compact shape shown to the model ({@link JsonShape}) and the JSON Schema the provider enforces
 * ({@link OutputSchema}). Enum values are what {@link StructuredOutput} reads back: the constant's {@code name()} in
 * lower case (parsing ignores case), or its Jackson value ({@code @JsonValue}, {@code @JsonProperty}) as it is, never
 * {@code toString()}; a {@code char} is a string; an {@link Optional} record
 * component is an optional field (may be {@code null}); a type nested deeper than {@value #MAX_DEPTH} levels, or a
 * class that is no record, is {@link Visitor#unknown()} (a guard for the shape; the provider's schema has tighter limits,
 * {@link StrictSchemaLimits}).
 */
final class OutputTypes {
    static final int MAX_DEPTH = 6;

    /** What a walk turns each kind of type into. */
    interface Visitor<R> {
        R string();

        R bool();

        R integer();

        R number();

        R enumOf(List<String> values);

        R array(R items);

        R map(R values);

        R record(Class<?> type, List<Field<R>> fields);

        /** A {@link JsonNode}: any JSON at all. */
        R anyJson();

        /** Too deep, or a class that is neither a value nor a record. */
        R unknown();
    }

    /** One record component, in declaration order; {@code optional} for an {@link Optional} one. */
    record Field<R>(String name, R value, boolean optional) {
    }

    private OutputTypes() {
    }

    static <R> R walk(Type type, Visitor<R> visitor) {
        return walk(type, visitor, 0);
    }

    private static <R> R walk(Type type, Visitor<R> v, int depth) {
        if (depth > MAX_DEPTH) {
            return v.unknown();
        }
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (Collection.class.isAssignableFrom(raw)) {
                return v.array(walk(p.getActualTypeArguments()[0], v, depth + 1));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return v.map(walk(p.getActualTypeArguments()[1], v, depth + 1));
            }
            if (raw == Optional.class) {
                return walk(p.getActualTypeArguments()[0], v, depth);
            }
            return walk(raw, v, depth);
        }
        if (!(type instanceof Class<?> c)) {
            return v.unknown();
        }
        if (c == String.class || c == CharSequence.class || c == char.class || c == Character.class) {
            return v.string();
        }
        if (c == boolean.class || c == Boolean.class) {
            return v.bool();
        }
        if (c.isPrimitive() || Number.class.isAssignableFrom(c)) {
            return c == int.class || c == long.class || c == Integer.class || c == Long.class ? v.integer() : v.number();
        }
        if (c.isEnum()) {
            return v.enumOf(Arrays.stream(c.getEnumConstants()).map(e -> StructuredOutput.textOf((Enum<?>) e)).toList());
        }
        if (c.isArray()) {
            return v.array(walk(c.getComponentType(), v, depth + 1));
        }
        if (c.isRecord()) {
            List<Field<R>> fields = new ArrayList<>();
            for (RecordComponent rc : c.getRecordComponents()) {
                boolean optional = rc.getType() == Optional.class;
                fields.add(new Field<>(rc.getName(), walk(rc.getGenericType(), v, depth + 1), optional));
            }
            return v.record(c, fields);
        }
        if (JsonNode.class.isAssignableFrom(c)) {
            return v.anyJson();
        }
        return v.unknown();
    }
}
