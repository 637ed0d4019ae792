package dev.switchboard.agents.keywords;

import dev.switchboard.core.SelfValidating;
import java.util.List;

/** The keywords agent's output: keywords, most important first. */
public record Keywords(List<String> keywords) implements SelfValidating {
    @Override
    public void validate() {
        if (keywords == null || keywords.size() > 20 || keywords.stream().anyMatch(k -> k == null || k.isBlank())) {
            throw new IllegalArgumentException("keywords must be a list of at most 20 non-empty strings");
        }
    }
}
