package dev.switchboard.contracts.config;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One setting, written once: its dotted key ({@code agent.concurrency}, read from {@code SWITCHBOARD_AGENT_CONCURRENCY}),
 * its default, how it is read, and the check every value must pass. Config records read with {@link #read} and check in
 * their compact constructors with {@link #check}, so a bad value from the environment and a bad value from a builder get
 * the same message, which names the variable to change.
 *
 * @param <T> the value's type
 */
public final class Setting<T> {
    @FunctionalInterface
    private interface Reader<T> {
        T read(ConfigSource source, String key, T fallback);
    }

    private final String key;
    private final T defaultValue;
    private final Reader<T> reader;
    private final Predicate<T> check;
    private final String requirement;

    private Setting(String key, T defaultValue, Reader<T> reader, Predicate<T> check, String requirement) {
        this.key = Objects.requireNonNull(key, "key");
        this.defaultValue = defaultValue;
        this.reader = reader;
        this.check = check;
        this.requirement = requirement;
    }

    public static Setting<Integer> ofInt(String key, int defaultValue) {
        return new Setting<>(key, defaultValue, ConfigSource::getInt, v -> true, null);
    }

    public static Setting<Long> ofLong(String key, long defaultValue) {
        return new Setting<>(key, defaultValue, ConfigSource::getLong, v -> true, null);
    }

    public static Setting<Boolean> ofBoolean(String key, boolean defaultValue) {
        return new Setting<>(key, defaultValue, ConfigSource::getBoolean, v -> true, null);
    }

    public static Setting<Duration> ofDuration(String key, Duration defaultValue) {
        return new Setting<>(key, defaultValue, ConfigSource::getDuration, v -> true, null);
    }

    /** A string; {@code defaultValue} may be {@code null} (meaning "not set"). */
    public static Setting<String> ofString(String key, String defaultValue) {
        return new Setting<>(key, defaultValue, ConfigSource::get, v -> true, null);
    }

    /** A credential; empty when not set. */
    public static Setting<Secret> ofSecret(String key) {
        return new Setting<>(key, Secret.empty(), (source, k, fallback) -> source.getSecret(k), v -> true, null);
    }

    /** Any other type, parsed from the text; {@code parse} throws {@link ConfigException} for what it refuses. */
    public static <T> Setting<T> of(String key, T defaultValue, Function<String, T> parse) {
        return new Setting<>(key, defaultValue, (source, k, fallback) -> source.get(k).map(parse).orElse(fallback), v -> true, null);
    }

    /** The same setting with a check: a value failing it is refused with "{@code <VARIABLE> must be <requirement>, was <value>}". */
    public Setting<T> must(String requirement, Predicate<T> check) {
        return new Setting<>(key, defaultValue, reader, Objects.requireNonNull(check), Objects.requireNonNull(requirement));
    }

    /** The value in {@code source}, or the default; parsed, not yet checked (the config record's constructor checks). */
    public T read(ConfigSource source) {
        return reader.read(source, key, defaultValue);
    }

    /** Returns {@code value} if it passes the check; otherwise throws a {@link ConfigException} that names the variable. */
    public T check(T value) {
        if (requirement != null && (value == null || !check.test(value))) {
            throw new ConfigException(envName() + " must be " + requirement + ", was " + value);
        }
        return value;
    }

    public String key() {
        return key;
    }

    /** The environment variable that sets it: {@code SWITCHBOARD_AGENT_CONCURRENCY}. */
    public String envName() {
        return ConfigSource.envNameOf(key);
    }

    public T defaultValue() {
        return defaultValue;
    }

    @Override
    public String toString() {
        return envName();
    }

    /** A duration check: longer than zero. */
    public static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }
}
