package dev.switchboard.spring;

import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.config.Setting;
import dev.switchboard.core.config.LlmCallsConfig;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.core.config.WorkerConfig;
import dev.switchboard.observability.tracing.TraceContent;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Switchboard's settings from the Spring {@link Environment}: {@code switchboard.<key>} is the setting {@code <key>}, the
 * one {@code SWITCHBOARD_<KEY>} sets. A dash separates words like a dot ({@code switchboard.llm.rate-limit} is
 * {@code llm.rate.limit}); the variables themselves are one more property source. The first property source to name a
 * key wins, so Spring's precedence holds. Nothing is re-declared here: the config records read these keys with their
 * own {@code Setting}s, defaults and checks.
 */
final class SpringSettings {
    static final String PREFIX = "switchboard";
    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(PREFIX);
    private static final Logger log = LoggerFactory.getLogger(SpringSettings.class);
    /** The config records an agent worker reads ({@code AgentWorker.Builder.configure}, tracing): their {@link Setting}s. */
    private static final List<Class<?>> WORKER_SETTINGS = List.of(KafkaSettings.class, LlmConfig.class, LlmCallsConfig.class,
            WorkerConfig.class, TraceContent.class);
    /** Keys passed on as they are: {@code switchboard.kafka.*} are Kafka client properties (Kafka names unknown ones). */
    private static final String KAFKA_CLIENT_PREFIX = "kafka.";
    /** The starter's own keys: its switch, the topics file, the kafka-clients check, exit on a worker's failure. */
    static final Set<String> STARTER_KEYS = Set.of("agent.enabled", "topics.file", "spring.kafka.version.check", "agent.exit.on.failure");

    private SpringSettings() {
    }

    static ConfigSource from(Environment environment) {
        Map<String, String> values = new LinkedHashMap<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                iterable.filter(ROOT::isAncestorOf).forEach(name -> {
                    ConfigurationProperty property = source.getConfigurationProperty(name);
                    if (property != null && property.getValue() != null) {
                        values.putIfAbsent(keyOf(name), environment.resolvePlaceholders(property.getValue().toString()));
                    }
                });
            }
        }
        return ConfigSource.of(values);
    }

    /**
     * Logs a warning for every key no setting of an agent worker reads: mistyped ({@code switchboard.agent.concurency}),
     * or one that does not apply in a Spring application ({@code switchboard.management.port}: Actuator serves instead).
     */
    static void warnUnread(ConfigSource settings) {
        unread(settings).forEach(key -> log.warn("{}.{} ({}) is set but no setting of an agent worker reads it: mistyped, or not "
                + "for a Spring application (the README's Spring Boot section lists those)", PREFIX, key, ConfigSource.envNameOf(key)));
    }

    /** The keys of {@code settings} no setting of an agent worker reads. */
    static Set<String> unread(ConfigSource settings) {
        Set<String> read = new HashSet<>(STARTER_KEYS);
        workerSettings().forEach(setting -> read.add(setting.key()));
        Set<String> unread = new TreeSet<>(settings.withPrefix("").keySet());
        unread.removeIf(key -> read.contains(key) || key.startsWith(KAFKA_CLIENT_PREFIX));
        return unread;
    }

    /** Every {@link Setting} an agent worker reads, as its config records declare them. */
    static List<Setting<?>> workerSettings() {
        List<Setting<?>> settings = new java.util.ArrayList<>();
        for (Class<?> config : WORKER_SETTINGS) {
            for (Field field : config.getFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == Setting.class) {
                    settings.add(settingOf(field));
                }
            }
        }
        return settings;
    }

    private static Setting<?> settingOf(Field field) {
        try {
            return (Setting<?>) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot read the setting " + field, e);
        }
    }

    /** {@code switchboard.llm.rate-limit} → {@code llm.rate.limit}. */
    static String keyOf(ConfigurationPropertyName name) {
        StringJoiner key = new StringJoiner(".");
        for (int i = ROOT.getNumberOfElements(); i < name.getNumberOfElements(); i++) {
            key.add(name.getElement(i, ConfigurationPropertyName.Form.DASHED).replace('-', '.'));
        }
        return key.toString();
    }
}
