package com.example.shout;

import dev.switchboard.core.Agent;
import dev.switchboard.core.AgentContext;
import dev.switchboard.core.AgentTask;
import dev.switchboard.core.OfflineModel;
import dev.switchboard.core.Prompt;
import java.util.Locale;
import java.util.Optional;

/** {@code shout}: the document's opening, in capitals. Found through META-INF/services/dev.switchboard.core.Agent. */
public final class ShoutAgent implements Agent<ShoutAgent.Shout> {
    public record Shout(String text) {
    }

    @Override
    public String name() {
        return "shout";
    }

    @Override
    public Shout handle(AgentTask task, AgentContext context) {
        return context.llm().generate(Prompt.forDocument("You shout.", "Repeat the document's first sentence in capitals.",
                task.text()), Shout.class);
    }

    @Override
    public OfflineModel<Shout> offlineModel() {
        return task -> new Shout(task.text().lines().findFirst().orElse("").strip().toUpperCase(Locale.ROOT));
    }

    @Override
    public Optional<String> headline(Shout shout) {
        return Optional.of("Shouted: " + shout.text());
    }
}
