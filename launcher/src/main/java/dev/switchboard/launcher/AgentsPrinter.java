package dev.switchboard.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code GET /v1/agents} as a table: agent, live instances, consumer lag, oldest waiting task's age, tasks in flight and
 * LLM quota use (used/share of each coordinated account). Values an orchestrator or agent does not report (older ones
 * send no {@code signals}) show as {@code -}; declared agents with no instance show with 0 live.
 */
final class AgentsPrinter {
    private static final String ROW = "%-14s %4s %8s %10s %9s  %s";

    private AgentsPrinter() {
    }

    static String table(JsonNode answer) {
        StringBuilder out = new StringBuilder(String.format(ROW, "AGENT", "LIVE", "LAG", "OLDEST", "IN-FLIGHT", "QUOTA").stripTrailing()).append('\n');
        Set<String> shown = new HashSet<>();
        for (JsonNode type : answer.path("agents")) {
            shown.add(type.path("name").asText());
            JsonNode s = type.path("signals");
            String age = s.path("oldestTaskAgeSeconds").isNumber()
                    ? String.format(Locale.ROOT, "%.1f s", s.path("oldestTaskAgeSeconds").asDouble()) : "-";
            out.append(String.format(ROW, TerminalText.oneLine(type.path("name").asText()), TerminalText.oneLine(type.path("liveInstances").asText("-")),
                    number(s.path("lagRecords")), age, number(s.path("inFlight")), quota(s)).stripTrailing()).append('\n');
        }
        for (JsonNode declared : answer.path("declared")) {
            if (shown.add(declared.asText())) {
                out.append(String.format(ROW, TerminalText.oneLine(declared.asText()), "0", "-", "-", "-", "-").stripTrailing()).append('\n');
            }
        }
        return out.toString();
    }

    /** Each account's {@code rps used/share tpm used/share}; {@code none} when no coordinated provider; {@code -} when unknown. */
    static String quota(JsonNode signals) {
        JsonNode quota = signals.path("quota");
        if (!quota.isArray()) {
            return "-";
        }
        if (quota.isEmpty()) {
            return "none";
        }
        List<String> accounts = new ArrayList<>();
        for (JsonNode q : quota) {
            accounts.add("rps " + use(q.path("requestsPerSecond")) + " tpm " + use(q.path("tokensPerMinute")));
        }
        return String.join("; ", accounts);
    }

    private static String use(JsonNode limit) {
        return number(limit.path("used")) + "/" + number(limit.path("share"));
    }

    private static String number(JsonNode value) {
        return value.isNumber() ? value.asText() : "-";
    }
}
