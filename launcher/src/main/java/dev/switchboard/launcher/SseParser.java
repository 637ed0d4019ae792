package dev.switchboard.launcher;

import java.util.Optional;

/**
 * Server-Sent Events, one line at a time (the WHATWG event-stream format): {@code id:}, {@code event:}, {@code data:}
 * (several join with a newline) and {@code retry:} fields; lines starting with {@code :} are comments (keep-alives);
 * a blank line ends an event. An event without data is not dispatched, as a browser's EventSource does not. An event's
 * data over {@link #MAX_DATA_CHARS} is {@link FrameTooLarge}; a {@code retry:} hint is held to {@link #MAX_RETRY_MILLIS}.
 */
final class SseParser {

    /** One dispatched event; {@code id} is the last id the stream gave, {@code null} when it gave none. */
    record Event(String id, String type, String data) {
    }

    /** An event whose data is over {@link #MAX_DATA_CHARS}: the stream is not one the CLI can follow as it is. */
    static final class FrameTooLarge extends RuntimeException {
        FrameTooLarge(int limit) {
            super("an event of the stream is over " + limit + " characters");
        }
    }

    /** 1 Mi characters of data in one event. */
    static final int MAX_DATA_CHARS = 1 << 20;
    /** The longest {@code retry:} taken: a day (longer ones, up to any number of digits, are held to it). */
    static final long MAX_RETRY_MILLIS = 86_400_000L;

    private final int maxDataChars;

    SseParser() {
        this(MAX_DATA_CHARS);
    }

    SseParser(int maxDataChars) {
        this.maxDataChars = maxDataChars;
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
            case "data" -> data(value);
            case "retry" -> retryMillis = value.chars().allMatch(c -> c >= '0' && c <= '9') && !value.isEmpty() ? retry(value) : retryMillis;
            default -> {
                // unknown fields are ignored, as the format says
            }
        }
        return Optional.empty();
    }

    private void data(String value) {
        int size = (data == null ? 0 : data.length() + 1) + value.length();
        if (size > maxDataChars) {
            data = null;
            type = null;
            throw new FrameTooLarge(maxDataChars);
        }
        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
    }

    /** ASCII digits, any number of them, as milliseconds up to {@link #MAX_RETRY_MILLIS}. */
    private static long retry(String digits) {
        String significant = digits.replaceFirst("^0+(?=.)", "");
        return significant.length() > 11 ? MAX_RETRY_MILLIS : Math.min(Long.parseLong(significant), MAX_RETRY_MILLIS);
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
