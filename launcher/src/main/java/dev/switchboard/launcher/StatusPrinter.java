package dev.switchboard.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Report;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** A job's status ({@code GET /v1/jobs/{id}}) for a terminal: a headline, one line per agent, then the report if any. */
final class StatusPrinter {
    private static final String ROW = "  %-12s %-6s %-9s %-6s %s";

    private StatusPrinter() {
    }

    static String format(JsonNode job) {
        StringBuilder out = new StringBuilder();
        out.append("job ").append(text(job.path("jobId"))).append("  ").append(text(job.path("status")));
        if (job.hasNonNull("submittedAt")) {
            out.append("  submitted ").append(text(job.path("submittedAt"))).append("  deadline ").append(text(job.path("deadline")));
        }
        out.append('\n');
        if (!job.path("agents").isEmpty()) {
            out.append(String.format(ROW, "AGENT", "STAGE", "STATE", "TRIES", "ERROR").stripTrailing()).append('\n');
            agentLines(job).values().forEach(l -> out.append(l).append('\n'));
        }
        if (job.hasNonNull("report")) {
            out.append(ReportPrinter.format("report", Json.fromTree(job.path("report"), Report.class)));
        }
        return out.toString();
    }

    /** One line per agent: name, stage, state, attempts, error ({@code -} for what the API has not said yet). */
    static Map<String, String> agentLines(JsonNode job) {
        Map<String, String> lines = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = job.path("agents").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> a = it.next();
            JsonNode line = a.getValue();
            JsonNode error = line.path("error");
            String problem = error.isObject() ? error.path("type").asText() + ": " + error.path("message").asText("") : "";
            lines.put(a.getKey(), String.format(ROW, TerminalText.oneLine(a.getKey()), text(line.path("stage")), text(line.path("state")),
                    text(line.path("attempts")), TerminalText.oneLine(problem)).stripTrailing());
        }
        return lines;
    }

    private static String text(JsonNode value) {
        return value.isMissingNode() || value.isNull() ? "-" : TerminalText.oneLine(value.asText());
    }
}
