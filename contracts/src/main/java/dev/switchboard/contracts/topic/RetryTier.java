package dev.switchboard.contracts.topic;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One backoff step of an agent: its delay and its topic. A task that failed transiently waits on
 * the tier's topic until {@code delay} has passed since it was written there.
 */
public record RetryTier(String label, Duration delay, Topic<String, byte[]> topic) {
    private static final Pattern LABEL = Pattern.compile("(\\d+)(ms|s|m|h)");

    public RetryTier {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(topic, "topic");
    }

    /** Parses a tier label such as {@code 500ms}, {@code 5s}, {@code 30s}, {@code 5m} or {@code 1h}. */
    public static Duration parseDelay(String label) {
        Matcher m = LABEL.matcher(label.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("retry tier '" + label + "' is not a delay like 500ms, 5s, 5m or 1h");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        if (d.isZero()) {
            throw new IllegalArgumentException("retry tier '" + label + "' must wait longer than zero");
        }
        return d;
    }
}
