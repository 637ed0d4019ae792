package dev.switchboard.spring;

import dev.switchboard.contracts.config.ConfigSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
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

    /** {@code switchboard.llm.rate-limit} → {@code llm.rate.limit}. */
    static String keyOf(ConfigurationPropertyName name) {
        StringJoiner key = new StringJoiner(".");
        for (int i = ROOT.getNumberOfElements(); i < name.getNumberOfElements(); i++) {
            key.add(name.getElement(i, ConfigurationPropertyName.Form.DASHED).replace('-', '.'));
        }
        return key.toString();
    }
}
