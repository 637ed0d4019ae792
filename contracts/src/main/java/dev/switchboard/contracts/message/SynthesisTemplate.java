package dev.switchboard.contracts.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The deterministic synthesis of a report, written without a model: each answering agent's headline in the order they
 * are added, then the agents that answered without one, outputs left out for size, failures and agents that did not
 * answer in time. Long agent lists are shortened to {@link #MAX_NAMED_AGENTS} names. The aggregator writes it when no
 * synthesis agent answered; the offline synthesis agent uses it on its inputs, which gives the same text for the
 * default pipeline when all three answer, not in general (decision 0031).
 */
public final class SynthesisTemplate {
    /** At most this many agent names in one sentence. */
    public static final int MAX_NAMED_AGENTS = 20;
    private final List<String> sentences = new ArrayList<>();
    private final List<String> others = new ArrayList<>();
    private final List<String> omitted = new ArrayList<>();
    private final List<String> failed = new ArrayList<>();
    private final List<String> missing = new ArrayList<>();

    /** An agent that answered: its headline becomes a sentence; one without is named among "Also answered". */
    public SynthesisTemplate answered(String agent, Optional<String> headline) {
        headline.ifPresentOrElse(sentences::add, () -> others.add(agent));
        return this;
    }

    /** An agent whose output was left out of the report, {@code bytes} long. */
    public SynthesisTemplate omitted(String agent, long bytes) {
        omitted.add(agent + " (" + bytes + " bytes)");
        return this;
    }

    /** An agent that failed with {@code errorType}. */
    public SynthesisTemplate failed(String agent, String errorType) {
        failed.add(agent + " (" + errorType + ")");
        return this;
    }

    /** An agent that gave no answer before the deadline. */
    public SynthesisTemplate missing(String agent) {
        missing.add(agent);
        return this;
    }

    public String text() {
        List<String> all = new ArrayList<>(sentences);
        if (!others.isEmpty()) {
            all.add("Also answered: " + names(others) + ".");
        }
        if (!omitted.isEmpty()) {
            all.add("Output omitted from this report, too large to keep: " + names(omitted) + ".");
        }
        if (!failed.isEmpty()) {
            all.add("Failed: " + names(failed) + ".");
        }
        if (!missing.isEmpty()) {
            all.add("No answer before the deadline from: " + names(missing) + ".");
        }
        return all.isEmpty() ? "No agent produced a result." : String.join(" ", all);
    }

    private static String names(List<String> all) {
        if (all.size() <= MAX_NAMED_AGENTS) {
            return String.join(", ", all);
        }
        return String.join(", ", all.subList(0, MAX_NAMED_AGENTS)) + " and " + (all.size() - MAX_NAMED_AGENTS) + " more";
    }
}
