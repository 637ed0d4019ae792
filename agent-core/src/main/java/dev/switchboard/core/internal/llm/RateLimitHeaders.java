package dev.switchboard.core.internal.llm;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenAI's {@code x-ratelimit-remaining-requests|tokens} and {@code x-ratelimit-reset-requests|tokens}
 * (durations like {@code 1s}, {@code 6m0s}, {@code 20ms}): when a remaining count is 0, the account is
 * exhausted until the matching reset, for every process that shares it. The tokens' reset is the time until the
 * bucket is full again (minutes, for a large one), not until the next call fits: the transport heeds it only on a
 * refused (429) answer, which proves the account is out.
 */
final class RateLimitHeaders {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    private RateLimitHeaders() {
    }

    /** How long the account is out of requests, if {@code x-ratelimit-remaining-requests} says 0 and its reset is given. */
    static Optional<Duration> requestsExhausted(Map<String, List<String>> headers) {
        return exhaustedFor(headers, "requests");
    }

    /** How long the account is exhausted, if a remaining count (requests or tokens) says 0 and its reset is given. */
    static Optional<Duration> exhausted(Map<String, List<String>> headers) {
        Optional<Duration> requests = exhaustedFor(headers, "requests");
        Optional<Duration> tokens = exhaustedFor(headers, "tokens");
        if (requests.isPresent() && tokens.isPresent()) {
            return Optional.of(requests.get().compareTo(tokens.get()) >= 0 ? requests.get() : tokens.get());
        }
        return requests.isPresent() ? requests : tokens;
    }

    private static Optional<Duration> exhaustedFor(Map<String, List<String>> headers, String kind) {
        return header(headers, "x-ratelimit-remaining-" + kind)
                .filter(v -> v.trim().equals("0"))
                .flatMap(zero -> header(headers, "x-ratelimit-reset-" + kind))
                .flatMap(RateLimitHeaders::parse);
    }

    /** Parses {@code 1s}, {@code 6m0s}, {@code 20ms}, {@code 1h2m3.5s}; empty if it is none of these. */
    static Optional<Duration> parse(String value) {
        String v = value.trim();
        Matcher m = PART.matcher(v);
        long nanos = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                return Optional.empty();
            }
            double amount = Double.parseDouble(m.group(1));
            long unit = switch (m.group(2)) {
                case "h" -> 3_600_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "s" -> 1_000_000_000L;
                default -> 1_000_000L;
            };
            nanos += (long) (amount * unit);
            end = m.end();
        }
        if (end == 0 || end != v.length()) {
            return Optional.empty();
        }
        Duration d = Duration.ofNanos(nanos);
        return Optional.of(d.compareTo(RetryAfter.MAX) > 0 ? RetryAfter.MAX : d);
    }

    private static Optional<String> header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream())
                .findFirst();
    }
}
