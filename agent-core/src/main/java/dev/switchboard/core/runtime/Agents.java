package dev.switchboard.core.runtime;

import dev.switchboard.core.Agent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Finds agents with {@link ServiceLoader}: every class listed in a {@code META-INF/services/dev.switchboard.core.Agent}
 * file on the class path (an agent module's jar, a user's jar in a plugins directory).
 */
public final class Agents {
    private Agents() {
    }

    /**
     * Every agent the class loader can see, by name, sorted by name. Two agents with one name are refused: which
     * one would run would depend on the class path's order.
     *
     * @throws IllegalStateException when two agents share a name or a listed agent cannot be created
     */
    public static Map<String, Agent<?>> discover(ClassLoader loader) {
        Map<String, Agent<?>> byName = new TreeMap<>();
        try {
            for (Agent<?> agent : ServiceLoader.load(Agent.class, loader)) {
                Agent<?> other = byName.putIfAbsent(agent.name(), agent);
                if (other != null) {
                    throw new IllegalStateException("Two agents are named '" + agent.name() + "': " + other.getClass().getName()
                            + " (" + where(other) + ") and " + agent.getClass().getName() + " (" + where(agent)
                            + "); remove one from the class path or rename it");
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("An agent listed in META-INF/services/" + Agent.class.getName()
                    + " could not be loaded: " + e.getMessage(), e);
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    /** Every agent on the class path of this class's loader. */
    public static Map<String, Agent<?>> discover() {
        return discover(Agents.class.getClassLoader());
    }

    private static String where(Agent<?> agent) {
        var source = agent.getClass().getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? "unknown location" : source.getLocation().toString();
    }
}
