package dev.switchboard.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.message.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A report for people: one line per agent, the synthesis, then what the model calls cost (when there were any). */
final class ReportPrinter {
    private ReportPrinter() {
    }

    static String format(String title, Report report) {
        StringBuilder out = new StringBuilder();
        out.append("── ").append(TerminalText.oneLine(title)).append(" ── job ").append(report.jobId()).append(" ── ").append(report.status());
        if (report.isAmendment()) {
            out.append(" ── revision ").append(report.revision()); // amended by a replayed dead letter (decision 0025)
        }
        out.append('\n');
        for (Map.Entry<String, AgentResult> e : report.results().entrySet()) {
            out.append(String.format(Locale.ROOT, "  %-10s %s%n", TerminalText.oneLine(e.getKey()), TerminalText.oneLine(line(e.getValue()))));
        }
        for (String missing : report.missingAgents()) {
            out.append(String.format(Locale.ROOT, "  %-10s (no answer before the deadline)%n", TerminalText.oneLine(missing)));
        }
        out.append("  ").append(TerminalText.lines(report.synthesis())).append('\n');
        String usage = usage(report.usage().total());
        if (!usage.isEmpty()) {
            out.append("  ").append(usage).append('\n');
        }
        return out.toString();
    }

    /** {@code usage: 3 calls (1 replayed), 250 tokens (200 in, 50 out), est. $0.0040}; empty when no call was counted. */
    static String usage(Usage u) {
        if (u.calls() == 0 && u.totalTokens() == 0) {
            return "";
        }
        String line = String.format(Locale.ROOT, "usage: %d call%s (%d replayed), %d tokens (%d in, %d out)", u.calls(),
                u.calls() == 1 ? "" : "s", u.replayedCalls(), u.totalTokens(), u.inputTokens(), u.outputTokens());
        return u.estimatedCost() == null ? line : line + String.format(Locale.ROOT, ", est. cost %.4f", u.estimatedCost());
    }

    private static String line(AgentResult r) {
        if (!r.isOk()) {
            return "FAILED: " + r.error().type() + " — " + r.error().message();
        }
        JsonNode o = r.output();
        if (Report.SYNTHESIS_AGENT.equals(r.agent()) && o.has(Report.SYNTHESIS_TEXT_FIELD)) {
            return "wrote the synthesis below"; // the report's synthesis is its text (decision 0031): printed once
        }
        if (o.has("label")) {
            return String.format(Locale.ROOT, "%s (score %.2f, confidence %.2f)", o.path("label").asText(),
                    o.path("score").asDouble(), o.path("confidence").asDouble());
        }
        if (o.has("entities")) {
            List<String> names = new ArrayList<>();
            o.path("entities").forEach(en -> names.add(en.path("text").asText() + " [" + en.path("type").asText().toLowerCase(Locale.ROOT)
                    + (en.path("mentions").asInt() > 1 ? " ×" + en.path("mentions").asInt() : "") + "]"));
            return names.isEmpty() ? "(none)" : String.join(", ", names);
        }
        if (o.has("summary")) {
            return o.path("summary").asText();
        }
        return o.toString();
    }
}
