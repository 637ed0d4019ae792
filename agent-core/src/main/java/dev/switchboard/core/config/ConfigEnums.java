package dev.switchboard.core.config;

import dev.switchboard.contracts.config.ConfigException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Reads a policy enum from a setting's text, case-insensitively; anything else is refused naming the choices. */
final class ConfigEnums {
    private ConfigEnums() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String envName, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(envName + " must be one of "
                    + Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))
                    + ", was '" + value + "'");
        }
    }
}
