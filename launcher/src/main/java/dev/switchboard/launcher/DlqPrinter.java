package dev.switchboard.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.message.Json;
import java.util.Iterator;
import java.util.Map;

/** The DLQ API's answers as text for a terminal: a table of dead letters, one dead letter, a replay's summary. */
final class DlqPrinter {
    private static final String ROW = "%-28s %-24s %-36s %3s  %-48s %-8s%n";
    private static final int MAX_CLASS_CHARS = 48;

    private DlqPrinter() {
    }

    static String list(JsonNode listing) {
        StringBuilder out = new StringBuilder();
        JsonNode letters = listing.path("deadLetters");
        if (letters.isEmpty()) {
            out.append("No dead letters.\n");
        } else {
            out.append(String.format(ROW, "REF", "FAILED AT", "JOB", "TRY", "ERROR", "REPLAYED"));
            for (JsonNode l : letters) {
                out.append(String.format(ROW, TerminalText.oneLine(l.path("ref").asText()), TerminalText.oneLine(l.path("failedAt").asText("")),
                        TerminalText.oneLine(l.path("jobId").asText("")), TerminalText.oneLine(l.path("attempts").asText("?")), cut(TerminalText.oneLine(error(l))),
                        l.path("replayed").asBoolean() ? "yes" : l.path("replayed").isTextual() ? "unknown"
                                : l.path("truncated").asBoolean() ? "no (cut)" : "no"));
            }
            out.append(letters.size()).append(" dead letter(s), newest first.\n");
        }
        if (!listing.path("complete").asBoolean(true)) {
            out.append("The read stopped at its time or record bound: narrow it with --since or --agent to see older ones.\n");
        }
        return out.toString();
    }

    static String show(JsonNode l) {
        StringBuilder out = new StringBuilder();
        line(out, "ref", l.path("ref").asText());
        line(out, "job", l.path("jobId").asText(""));
        line(out, "task", l.path("taskId").asText(""));
        line(out, "attempts", l.path("attempts").asText(""));
        line(out, "error", error(l));
        line(out, "message", l.path("errorMessage").asText(""));
        line(out, "failed at", l.path("failedAt").asText(""));
        line(out, "from topic", l.path("sourceTopic").asText(""));
        line(out, "replayed", l.path("replayed").asBoolean() ? "yes, at " + l.path("replayedAt").asText()
                : l.path("replayed").isTextual() ? "unknown (the replay ledger could not be read in time)" : "no");
        out.append("headers:\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = l.path("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            out.append("  ").append(TerminalText.oneLine(h.getKey())).append(": ").append(TerminalText.oneLine(h.getValue().asText())).append('\n');
        }
        if (l.hasNonNull("task")) {
            out.append("task:\n").append(TerminalText.lines(Json.toString(l.path("task")))).append('\n');
        } else {
            out.append("task: not shown: ").append(TerminalText.oneLine(l.path("taskUnavailable").asText("unreadable"))).append('\n');
        }
        return out.toString();
    }

    static String replay(JsonNode outcome) {
        boolean dry = outcome.path("dryRun").asBoolean();
        StringBuilder out = new StringBuilder();
        for (JsonNode s : outcome.path("sent")) {
            out.append(dry ? "would send " : "sent       ").append(TerminalText.oneLine(s.path("ref").asText())).append("  job ")
                    .append(TerminalText.oneLine(s.path("jobId").asText())).append(" -> ").append(TerminalText.oneLine(s.path("topic").asText()));
            if (s.hasNonNull("warning")) {
                out.append("  WARNING ").append(TerminalText.oneLine(s.path("warning").asText()));
            }
            out.append('\n');
        }
        for (JsonNode s : outcome.path("skipped")) {
            out.append("skipped    ").append(TerminalText.oneLine(s.path("ref").asText())).append("  ")
                    .append(TerminalText.oneLine(s.path("reason").asText())).append(": ").append(TerminalText.oneLine(s.path("detail").asText())).append('\n');
        }
        out.append(dry ? "Dry run: would send " : "Sent ").append(outcome.path("sent").size()).append(", skipped ")
                .append(outcome.path("skipped").size()).append(".\n");
        if (!outcome.path("complete").asBoolean(true)) {
            out.append("Stopped early (--max, a read bound or a failure above): run it again for the rest.\n");
        }
        return out.toString();
    }

    private static String error(JsonNode l) {
        String type = l.path("errorType").asText("");
        String cls = l.path("errorClass").asText("");
        String simple = cls.substring(Math.max(cls.lastIndexOf('.'), cls.lastIndexOf('$')) + 1);
        return type.isEmpty() ? simple : simple.isEmpty() ? type : type + " (" + simple + ")";
    }

    private static String cut(String s) {
        return s.length() <= MAX_CLASS_CHARS ? s : s.substring(0, MAX_CLASS_CHARS - 3) + "...";
    }

    private static void line(StringBuilder out, String name, String value) {
        out.append(String.format("%-11s %s%n", name + ":", TerminalText.oneLine(value)));
    }
}
