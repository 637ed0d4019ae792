package dev.switchboard.launcher;

import dev.switchboard.contracts.config.ConfigSource;
import java.util.HashMap;
import java.util.Map;

/** The environment ({@code SWITCHBOARD_*}) with command-line flags laid over it. */
final class Settings {
    private final Map<String, String> env = new HashMap<>(System.getenv());

    Settings set(String name, Object value) {
        if (value != null) {
            env.put(name, value.toString());
        }
        return this;
    }

    String get(String name) {
        return env.get(name);
    }

    ConfigSource source() {
        return ConfigSource.from(env);
    }
}
