package dev.switchboard.contracts.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Settings by dotted key ({@code llm.rate.limit}), merged from a properties file and the
 * environment. The environment wins: {@code SWITCHBOARD_LLM_RATE_LIMIT} sets {@code llm.rate.limit}.
 * The file is the one named by {@code SWITCHBOARD_CONFIG_FILE}, if any.
 */
public final class ConfigSource {
    public static final String ENV_PREFIX = "SWITCHBOARD_";
    public static final String CONFIG_FILE_ENV = "SWITCHBOARD_CONFIG_FILE";

    private final Map<String, String> values;

    private ConfigSource(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** The file named by {@code SWITCHBOARD_CONFIG_FILE} (if set), overridden by {@code SWITCHBOARD_*} variables. */
    public static ConfigSource fromEnvironment() {
        return from(System.getenv());
    }

    /** Like {@link #fromEnvironment()}, with an explicit environment map (for tests and launchers). */
    public static ConfigSource from(Map<String, String> environment) {
        Map<String, String> merged = new LinkedHashMap<>();
        String file = environment.get(CONFIG_FILE_ENV);
        if (file != null && !file.isBlank()) {
            merged.putAll(readFile(Path.of(file)));
        }
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && !name.equals(CONFIG_FILE_ENV)) {
                merged.put(keyOf(name), value);
            }
        });
        return new ConfigSource(merged);
    }

    /** Explicit key/value pairs with dotted keys. */
    public static ConfigSource of(Map<String, String> values) {
        return new ConfigSource(values);
    }

    public static ConfigSource empty() {
        return new ConfigSource(Map.of());
    }

    /** {@code SWITCHBOARD_LLM_RATE_LIMIT} → {@code llm.rate.limit}. */
    static String keyOf(String envName) {
        return envName.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** {@code llm.rate.limit} → {@code SWITCHBOARD_LLM_RATE_LIMIT}, for messages that tell the user what to set. */
    public static String envNameOf(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static Map<String, String> readFile(Path file) {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new ConfigException("Cannot read config file " + file.toAbsolutePath() + " (" + CONFIG_FILE_ENV + "): " + e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>();
        props.forEach((k, v) -> out.put(k.toString().trim(), v.toString().trim()));
        return out;
    }

    public Optional<String> get(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    public int getInt(String key, int fallback) {
        return get(key).map(v -> parse(key, v, Integer::parseInt, "a whole number")).orElse(fallback);
    }

    public long getLong(String key, long fallback) {
        return get(key).map(v -> parse(key, v, Long::parseLong, "a whole number")).orElse(fallback);
    }

    public boolean getBoolean(String key, boolean fallback) {
        return get(key).map(v -> {
            if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(v);
            }
            throw new ConfigException(envNameOf(key) + " must be true or false, was '" + v + "'");
        }).orElse(fallback);
    }

    /** A duration as ISO-8601 ({@code PT30S}) or a number with a unit: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
    public Duration getDuration(String key, Duration fallback) {
        return get(key).map(v -> parseDuration(key, v)).orElse(fallback);
    }

    public Secret getSecret(String key) {
        return Secret.of(get(key).orElse(null));
    }

    /** Every value whose key starts with {@code prefix}, with the prefix removed: {@code kafka.} → Kafka client properties. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    private static Duration parseDuration(String key, String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("p")) {
                return Duration.parse(v.trim().toUpperCase(Locale.ROOT));
            }
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            return switch (s.charAt(s.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new ConfigException(envNameOf(key) + " must be a duration like 500ms, 30s, 5m or PT30S, was '" + v + "'");
        }
    }

    private interface Parser<T> {
        T parse(String s);
    }

    private static <T> T parse(String key, String v, Parser<T> parser, String what) {
        try {
            return parser.parse(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(envNameOf(key) + " must be " + what + ", was '" + v + "'");
        }
    }
}
