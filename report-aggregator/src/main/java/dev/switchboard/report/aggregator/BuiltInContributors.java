package dev.switchboard.report.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.message.AgentResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Contributors for the built-in agents; they read the outputs as JSON, so the aggregator needs no agent module. */
final class BuiltInContributors {
    static final int MAX_ENTITIES = 5;

    private BuiltInContributors() {
    }

    static List<SynthesisContributor> all() {
        return List.of(sentiment(), entities(), summary());
    }

    static SynthesisContributor sentiment() {
        return of("sentiment", out -> {
            String label = out.path("label").asText("");
            if (label.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(String.format(Locale.ROOT, "Overall sentiment: %s (score %.2f, confidence %.2f).",
                    label, out.path("score").asDouble(), out.path("confidence").asDouble()));
        });
    }

    static SynthesisContributor entities() {
        return of("entities", out -> {
            List<JsonNode> all = new ArrayList<>();
            out.path("entities").forEach(all::add);
            if (all.isEmpty()) {
                return Optional.of("No named entities found.");
            }
            all.sort((a, b) -> {
                int byMentions = Integer.compare(b.path("mentions").asInt(), a.path("mentions").asInt());
                return byMentions != 0 ? byMentions : a.path("text").asText().compareTo(b.path("text").asText());
            });
            List<String> shown = all.stream().limit(MAX_ENTITIES)
                    .map(e -> e.path("text").asText() + " (" + e.path("type").asText().toLowerCase(Locale.ROOT) + ")").toList();
            return Optional.of("Key entities: " + String.join(", ", shown) + ".");
        });
    }

    static SynthesisContributor summary() {
        return of("summary", out -> {
            String text = out.path("summary").asText("").strip();
            return text.isEmpty() ? Optional.empty() : Optional.of("Summary: " + text);
        });
    }

    private static SynthesisContributor of(String agent, java.util.function.Function<JsonNode, Optional<String>> read) {
        return new SynthesisContributor() {
            @Override
            public String agent() {
                return agent;
            }

            @Override
            public Optional<String> contribute(AgentResult result) {
                return result.output() == null ? Optional.empty() : read.apply(result.output());
            }
        };
    }
}
