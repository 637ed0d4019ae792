package dev.switchboard.agents.synthesis;

import dev.switchboard.core.SelfValidating;

/**
 * The synthesis agent's output: {@code {text}}, the report's synthesis ({@code Report.SYNTHESIS_TEXT_FIELD}): a few
 * sentences from a model, the headline template offline.
 */
public record Synthesis(String text) implements SelfValidating {
    /**
     * At most this many characters: room for the offline template of three headlines at their longest
     * ({@code AgentResult.MAX_HEADLINE_CHARS}, 4 000 each) and the names of failed agents.
     */
    public static final int MAX_CHARS = 16_000;

    @Override
    public void validate() {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("text must not be empty");
        }
        if (text.length() > MAX_CHARS) {
            throw new IllegalArgumentException("text must be at most " + MAX_CHARS + " characters, was " + text.length());
        }
    }
}
