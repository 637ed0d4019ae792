package dev.switchboard.launcher;

import java.util.Optional;

/**
 * Server-Sent Events, one line at a time (the WHATWG event-stream format): {@code id:}, {@code event:}, {@code data:}
 * (several join with a newline) and {@code retry:} fields; lines starting with {@code :} are comments (keep-alives);
 * a blank line ends an event. An event without data is not dispatched, as a browser's EventSource does not.
 */
final class SseParser {

    /** One dispatched event; {@code id} is the last id the stream gave, {@code null} when it gave none. */
    record Event(String id, String type, String data) {
    }

    private String lastId;
    private String type;
    private StringBuilder data;
    private Long retryMillis;

    /** Takes one line (without its line end); returns the event it completes, if any. */
    Optional<Event> line(String line) {
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.startsWith(":")) {
            return Optional.empty();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(line.startsWith(" ", colon + 1) ? colon + 2 : colon + 1);
        switch (field) {
            case "id" -> lastId = value.indexOf('\0') < 0 ? value : lastId;
            case "event" -> type = value;
            case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            case "retry" -> retryMillis = value.chars().allMatch(Character::isDigit) && !value.isEmpty() ? Long.valueOf(value) : retryMillis;
            default -> {
                // unknown fields are ignored, as the format says
            }
        }
        return Optional.empty();
    }

    /** The last id seen, to send back as {@code Last-Event-ID} on a reconnect; {@code null} before any. */
    String lastId() {
        return lastId;
    }

    /** The server's last {@code retry:} hint in milliseconds, if it sent one. */
    Optional<Long> retryMillis() {
        return Optional.ofNullable(retryMillis);
    }

    private Optional<Event> dispatch() {
        Optional<Event> event = data == null ? Optional.empty()
                : Optional.of(new Event(lastId, type == null || type.isEmpty() ? "message" : type, data.toString()));
        type = null;
        data = null;
        return event;
    }
}
