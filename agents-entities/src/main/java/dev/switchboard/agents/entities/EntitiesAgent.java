package dev.switchboard.agents.entities;

import dev.switchboard.core.Agent;
import dev.switchboard.core.AgentContext;
import dev.switchboard.core.AgentTask;
import dev.switchboard.core.OfflineModel;
import dev.switchboard.core.PromptTemplate;
import dev.switchboard.core.text.Chunks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code entities}: people, organisations, places, dates, money, percentages; merged across the
 * chunks of a long document; at most {@link Entities#MAX_ENTITIES}, the most mentioned.
 */
public final class EntitiesAgent implements Agent<Entities> {
    public static final String NAME = "entities";
    private static final PromptTemplate PROMPT = PromptTemplate.fromResource(EntitiesAgent.class, "prompt.txt");
    /** Entities named in the report's synthesis. */
    static final int HEADLINE_ENTITIES = 5;
    private final RuleExtractor offline = new RuleExtractor();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Entities handle(AgentTask task, AgentContext context) {
        Map<String, Entities.Entity> merged = new LinkedHashMap<>();
        for (String chunk : Chunks.split(task.text(), Chunks.DEFAULT_MAX_CHARS)) {
            Entities part = context.llm().generate(PROMPT.forDocument(chunk), Entities.class);
            merge(merged, part.entities());
        }
        return new Entities(Entities.mostMentioned(List.copyOf(merged.values()), Entities.MAX_ENTITIES));
    }

    static void merge(Map<String, Entities.Entity> into, List<Entities.Entity> more) {
        for (Entities.Entity e : more) {
            into.merge(e.type() + "|" + e.text().strip().toLowerCase(Locale.ROOT), e,
                    (a, b) -> new Entities.Entity(a.text(), a.type(), a.mentions() + b.mentions()));
        }
    }

    @Override
    public OfflineModel<Entities> offlineModel() {
        return offline;
    }

    /** The {@value #HEADLINE_ENTITIES} most mentioned (then alphabetical), e.g. "Key entities: Acme Corp (organization), Berlin (location)." */
    @Override
    public Optional<String> headline(Entities output) {
        if (output.entities().isEmpty()) {
            return Optional.of("No named entities found.");
        }
        List<String> shown = output.entities().stream()
                .sorted(java.util.Comparator.comparingInt((Entities.Entity e) -> -e.mentions()).thenComparing(Entities.Entity::text))
                .limit(HEADLINE_ENTITIES)
                .map(e -> e.text() + " (" + e.type().name().toLowerCase(Locale.ROOT) + ")").toList();
        return Optional.of("Key entities: " + String.join(", ", shown) + ".");
    }
}
