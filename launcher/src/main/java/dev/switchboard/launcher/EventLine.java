package dev.switchboard.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.message.Json;

/** A job event for a terminal: {@code time  TYPE  agent  message}, with {@code -} for a job-wide event's agent. */
final class EventLine {
    private EventLine() {
    }

    static String format(SseParser.Event event) {
        JsonNode e;
        try {
            e = Json.fromString(event.data(), JsonNode.class);
        } catch (RuntimeException notJson) {
            return TerminalText.oneLine(event.type() + "  " + event.data()); // a frame this version does not know: shown as it came
        }
        String message = e.path("message").asText("");
        return TerminalText.oneLine(String.format("%-24s  %-20s  %-10s  %s", e.path("at").asText(""), e.path("type").asText(event.type()),
                e.path("agent").isTextual() ? e.path("agent").asText() : "-", message).stripTrailing());
    }
}
