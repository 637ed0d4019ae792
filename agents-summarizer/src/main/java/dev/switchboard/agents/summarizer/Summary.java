package dev.switchboard.agents.summarizer;

import dev.switchboard.core.SelfValidating;
import java.util.List;

/** The summary agent's output: {@code {summary, keyPoints: [..]}}. */
public record Summary(String summary, List<String> keyPoints) implements SelfValidating {
    public static final int MAX_KEY_POINTS = 10;

    public Summary {
        keyPoints = keyPoints == null ? null : List.copyOf(keyPoints);
    }

    @Override
    public void validate() {
        if (summary == null || summary.isBlank()) {
            throw new IllegalArgumentException("summary must not be empty");
        }
        if (keyPoints == null || keyPoints.size() > MAX_KEY_POINTS) {
            throw new IllegalArgumentException("keyPoints must be a list of at most " + MAX_KEY_POINTS + " strings");
        }
        if (keyPoints.stream().anyMatch(p -> p == null || p.isBlank())) {
            throw new IllegalArgumentException("keyPoints must not contain empty entries");
        }
    }
}
