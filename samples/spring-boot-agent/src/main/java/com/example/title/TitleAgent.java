package com.example.title;

import dev.switchboard.core.Agent;
import dev.switchboard.core.AgentContext;
import dev.switchboard.core.AgentTask;
import dev.switchboard.core.OfflineModel;
import dev.switchboard.core.Prompt;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code title}: a short title for the document. Offline, its first words with capitals. */
public final class TitleAgent implements Agent<TitleAgent.Title> {
    static final int OFFLINE_WORDS = 5;

    public record Title(String title) {
    }

    @Override
    public String name() {
        return "title";
    }

    @Override
    public Title handle(AgentTask task, AgentContext context) {
        return context.llm().generate(Prompt.forDocument("You write titles.", "Give the document a title of at most eight words.",
                task.text()), Title.class);
    }

    @Override
    public OfflineModel<Title> offlineModel() {
        return task -> new Title(Arrays.stream(task.text().strip().split("\\W+")).limit(OFFLINE_WORDS)
                .map(word -> word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1))
                .collect(Collectors.joining(" ")));
    }

    @Override
    public Optional<String> headline(Title title) {
        return Optional.of("Titled: " + title.title());
    }
}
