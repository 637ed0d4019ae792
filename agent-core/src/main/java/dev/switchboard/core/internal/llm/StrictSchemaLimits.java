package dev.switchboard.core.internal.llm;

import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;

/**
 * What OpenAI's strict mode takes (decision 0029): at most {@value #MAX_NESTING} levels of nesting (each object and
 * array a level, the root object the first), {@value #MAX_PROPERTIES} object properties and {@value #MAX_ENUM_VALUES}
 * enum values in all. A schema past them is refused with a 400, so such a type takes the prompt path instead. Counted
 * the strict way where the provider's count is not documented (arrays as levels): a type too big goes unenforced, never
 * refused.
 */
final class StrictSchemaLimits {
    static final int MAX_NESTING = 5;
    static final int MAX_PROPERTIES = 100;
    static final int MAX_ENUM_VALUES = 500;

    private int properties;
    private int enumValues;
    private boolean tooDeep;

    private StrictSchemaLimits() {
    }

    static boolean withinLimits(JsonSchemaElement root) {
        StrictSchemaLimits count = new StrictSchemaLimits();
        count.visit(root, 0);
        return !count.tooDeep && count.properties <= MAX_PROPERTIES && count.enumValues <= MAX_ENUM_VALUES;
    }

    private void visit(JsonSchemaElement element, int level) {
        if (element instanceof JsonObjectSchema object) {
            nest(level);
            properties += object.properties().size();
            object.properties().values().forEach(p -> visit(p, level + 1));
        } else if (element instanceof JsonArraySchema array) {
            nest(level);
            visit(array.items(), level + 1);
        } else if (element instanceof JsonAnyOfSchema anyOf) {
            anyOf.anyOf().forEach(e -> visit(e, level));
        } else if (element instanceof JsonEnumSchema values) {
            enumValues += values.enumValues().size();
        }
    }

    private void nest(int level) {
        tooDeep |= level + 1 > MAX_NESTING;
    }
}
