package dev.switchboard.agents.sentiment;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.switchboard.core.SelfValidating;
import java.util.Locale;

/** The sentiment agent's output: {@code {label, score: -1..1, confidence: 0..1}}. */
public record Sentiment(Label label, double score, double confidence) implements SelfValidating {

    public enum Label {
        POSITIVE, NEGATIVE, NEUTRAL, MIXED;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Override
    public void validate() {
        if (label == null) {
            throw new IllegalArgumentException("label must be one of positive, negative, neutral, mixed");
        }
        if (!(score >= -1 && score <= 1)) {
            throw new IllegalArgumentException("score must be between -1 and 1, was " + score);
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be between 0 and 1, was " + confidence);
        }
    }
}
