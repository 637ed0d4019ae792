package dev.switchboard.agents.entities;

import dev.switchboard.core.SelfValidating;
import java.util.List;

/** The entities agent's output: {@code {entities: [{text, type, mentions}]}}. */
public record Entities(List<Entity> entities) implements SelfValidating {

    public enum Type { PERSON, ORGANIZATION, LOCATION, DATE, MONEY, PERCENT, MISC }

    /** One distinct entity and how often the text mentions it. */
    public record Entity(String text, Type type, int mentions) {
    }

    public Entities {
        entities = entities == null ? List.of() : List.copyOf(entities);
    }

    @Override
    public void validate() {
        for (Entity e : entities) {
            if (e == null || e.text() == null || e.text().isBlank()) {
                throw new IllegalArgumentException("every entity needs a non-empty text");
            }
            if (e.type() == null) {
                throw new IllegalArgumentException("entity '" + e.text() + "' needs a type: PERSON, ORGANIZATION, LOCATION, DATE, MONEY, PERCENT or MISC");
            }
            if (e.mentions() < 1) {
                throw new IllegalArgumentException("entity '" + e.text() + "' must be mentioned at least once, was " + e.mentions());
            }
        }
    }
}
