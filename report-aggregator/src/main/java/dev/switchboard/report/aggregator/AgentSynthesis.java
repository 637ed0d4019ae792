package dev.switchboard.report.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.DeadLetterRef;
import dev.switchboard.contracts.message.Report;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The report's synthesis as the {@link Report#SYNTHESIS_AGENT synthesis agent} wrote it (decision 0030): the
 * {@link Report#SYNTHESIS_TEXT_FIELD text} of its OK output, kept to {@link #MAX_CHARS} characters (cut never inside a
 * surrogate pair, ending with an ellipsis), carriage returns and tabs made plain, every other control or direction
 * character removed but newlines (a model's prose has paragraphs; terminals and pages print it). Blank means none.
 * None either once a result the synthesis agent needs was replayed from a dead letter: its prose was written from the
 * results before the replay (a failure it may name), which the report no longer shows, so the report falls back to the
 * template (also when the replay came before the synthesis task: the job's state does not say which came first).
 */
final class AgentSynthesis {
    /** A longer synthesis is cut to this many characters. */
    static final int MAX_CHARS = 20_000;
    private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cntrl}\\p{Zl}\\p{Zp}\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069&&[^\\n]]");

    private AgentSynthesis() {
    }

    /** The synthesis agent's text in {@code job}, unless a result it needs was replayed since (see above). */
    static Optional<String> of(JobAggregate job) {
        List<String> inputs = job.manifest().needs().getOrDefault(Report.SYNTHESIS_AGENT, List.of());
        boolean inputReplayed = job.replays().stream().map(AgentSynthesis::agentOf).anyMatch(inputs::contains);
        return inputReplayed ? Optional.empty() : of(job.results().get(Report.SYNTHESIS_AGENT));
    }

    /** The agent of an applied dead-letter ref ({@link ReplayCheck} applies only refs of the result's own agent). */
    private static String agentOf(String ref) {
        try {
            return DeadLetterRef.parse(ref).agent();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** The text of {@code result} when it is the synthesis agent's, OK, with a non-blank text field. */
    static Optional<String> of(AgentResult result) {
        if (result == null || !result.isOk() || !Report.SYNTHESIS_AGENT.equals(result.agent())) {
            return Optional.empty();
        }
        JsonNode text = result.output().path(Report.SYNTHESIS_TEXT_FIELD);
        return text.isTextual() ? clean(text.asText()) : Optional.empty();
    }

    static Optional<String> clean(String raw) {
        String text = UNPRINTABLE.matcher(raw.replace("\r\n", "\n").replace('\r', '\n').replace('\t', ' ')).replaceAll("").strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (text.length() <= MAX_CHARS) {
            return Optional.of(text);
        }
        int end = MAX_CHARS - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return Optional.of(text.substring(0, end) + "\u2026");
    }
}
