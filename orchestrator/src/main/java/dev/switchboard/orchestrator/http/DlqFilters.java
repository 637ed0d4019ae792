package dev.switchboard.orchestrator.http;

import dev.switchboard.contracts.message.DeadLetterRef;
import java.time.Duration;
import java.time.Instant;
import java.time.DateTimeException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the DLQ API's parameters: refs, {@code since} (an instant or a duration back from now), bounded numbers. */
final class DlqFilters {
    private static final Pattern AGO = Pattern.compile("(\\d{1,9})(s|m|h|d)");
    private static final int SHOWN_CHARS = 80;

    private DlqFilters() {
    }

    /** {@code agent:partition:offset}, or a 400 that says so. */
    static DeadLetterRef ref(String text) {
        try {
            return DeadLetterRef.parse(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-ref", e.getMessage().length() > 300 ? e.getMessage().substring(0, 300) : e.getMessage());
        }
    }

    /** An ISO-8601 instant ({@code 2026-11-29T08:00:00Z}) or a duration back from {@code now} ({@code 90s}, {@code 30m}, {@code 24h}, {@code 7d}, {@code PT6H}). */
    static Instant since(String raw, Instant now) {
        String s = raw.trim();
        try {
            if (s.length() > 3 && Character.isDigit(s.charAt(0)) && s.contains("T")) {
                return clamped(Instant.parse(s));
            }
            Matcher m = AGO.matcher(s.toLowerCase(Locale.ROOT));
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return back(now, switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
            }
            if (s.toUpperCase(Locale.ROOT).startsWith("P")) {
                return back(now, Duration.parse(s.toUpperCase(Locale.ROOT)).abs());
            }
        } catch (DateTimeException | ArithmeticException e) { // DateTimeParseException too
            // answered below
        }
        throw ProblemException.badRequest("invalid-since", "'since' is an instant like 2026-11-29T08:00:00Z or a duration back"
                + " from now like 90s, 30m, 24h, 7d; got '" + shown(raw) + "'");
    }

    /** {@code now} minus {@code back}, no earlier than the epoch (Kafka's timestamps start there). */
    private static Instant back(Instant now, Duration back) {
        return back.compareTo(Duration.between(Instant.EPOCH, now)) >= 0 ? Instant.EPOCH : now.minus(back);
    }

    private static Instant clamped(Instant at) {
        return at.isBefore(Instant.EPOCH) ? Instant.EPOCH : at;
    }

    /** {@code raw} as a number from 1 to {@code max}; {@code fallback} when absent. */
    static int bounded(String name, String raw, int fallback, int max) {
        if (raw == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(raw.trim());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest("invalid-" + name, "'" + name + "' is a number from 1 to " + max);
    }

    /** Caller text quoted in an answer, cut short. */
    static String shown(String text) {
        return text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS) + "...";
    }
}
