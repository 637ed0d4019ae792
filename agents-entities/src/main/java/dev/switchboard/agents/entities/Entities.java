package dev.switchboard.agents.entities;

import dev.switchboard.core.SelfValidating;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The entities agent's output: {@code {entities: [{text, type, mentions}]}}. The agent keeps at
 * most {@link #MAX_ENTITIES} of them, the most mentioned; the answer for one chunk may hold more
 * (it is bounded by the chunk's length), so that counts add up across chunks before the cut.
 */
public record Entities(List<Entity> entities) implements SelfValidating {
    /** A list of names must not make a result of a megabyte: beyond this, only the most mentioned entities are kept. */
    public static final int MAX_ENTITIES = 500;

    public enum Type { PERSON, ORGANIZATION, LOCATION, DATE, MONEY, PERCENT, MISC }

    /** One distinct entity and how often the text mentions it. */
    public record Entity(String text, Type type, int mentions) {
    }

    public Entities {
        entities = entities == null ? List.of() : List.copyOf(entities);
    }

    /**
     * The {@code max} most mentioned of {@code all} (the earlier first among equals), in their
     * original order; {@code all} itself when it is not longer.
     */
    public static List<Entity> mostMentioned(List<Entity> all, int max) {
        if (all.size() <= max) {
            return all;
        }
        List<Integer> kept = new ArrayList<>(IntStream.range(0, all.size()).boxed()
                .sorted(Comparator.comparingInt((Integer i) -> -all.get(i).mentions()).thenComparingInt(i -> i))
                .limit(max)
                .toList());
        kept.sort(Integer::compare);
        return kept.stream().map(all::get).toList();
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
