package dev.switchboard.core.runtime;

import dev.switchboard.core.Agent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.List;
import java.util.Iterator;
import java.util.ArrayList;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Finds agents with {@link ServiceLoader}: every class listed in a {@code META-INF/services/dev.switchboard.core.Agent}
 * file on the class path (an agent module's jar, a user's jar in a plugins directory).
 */
public final class Agents {
    /** A class path broken this many times over is not read further. */
    private static final int MAX_FAILURES = 1_000;

    private Agents() {
    }

    /**
     * Every agent the class loader can see, by name, sorted by name.
     *
     * @throws IllegalStateException naming every problem (see {@link #discover(ClassLoader, Consumer)}) if there is one
     */
    public static Map<String, Agent<?>> discover(ClassLoader loader) {
        List<String> problems = new ArrayList<>();
        Map<String, Agent<?>> agents = discover(loader, problems::add);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
        return agents;
    }

    /**
     * Every agent the class loader can see that could be loaded, by name, sorted by name. A listed class that cannot be
     * loaded or created, an agent whose {@code name()} throws or is blank, and every agent of a name that two agents
     * share (which one ran would depend on the class path's order) are left out and reported to {@code problems}, one
     * message each, with the cause: one bad jar costs its own agents, never the others.
     */
    @SuppressWarnings("rawtypes")
    public static Map<String, Agent<?>> discover(ClassLoader loader, Consumer<String> problems) {
        Map<String, List<Agent<?>>> byName = new TreeMap<>();
        Iterator<Agent> providers = ServiceLoader.load(Agent.class, loader).iterator();
        for (int failures = 0; failures <= MAX_FAILURES; ) {
            Agent<?> agent;
            try {
                if (!providers.hasNext()) {
                    break;
                }
                agent = providers.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                failures++;
                problems.accept("An agent listed in META-INF/services/" + Agent.class.getName() + " could not be loaded: "
                        + causes(e));
                continue;
            }
            String name;
            try {
                name = agent.name();
            } catch (RuntimeException | LinkageError e) {
                problems.accept("Agent " + agent.getClass().getName() + " (" + where(agent) + ") left out: its name() threw "
                        + causes(e));
                continue;
            }
            if (name == null || name.isBlank()) {
                problems.accept("Agent " + agent.getClass().getName() + " (" + where(agent) + ") left out: its name() is blank");
                continue;
            }
            byName.computeIfAbsent(name, n -> new ArrayList<>()).add(agent);
        }
        Map<String, Agent<?>> agents = new LinkedHashMap<>();
        byName.forEach((name, found) -> {
            if (found.size() == 1) {
                agents.put(name, found.get(0));
            } else {
                problems.accept("Agents named '" + name + "' left out: " + found.size() + " agents have that name ("
                        + String.join(" and ", found.stream().map(a -> a.getClass().getName() + " (" + where(a) + ")").toList())
                        + "); remove one from the class path or rename it");
            }
        });
        return Collections.unmodifiableMap(agents);
    }

    /** The message of {@code e} and of each cause, e.g. a provider constructor's own exception inside the loader's. */
    private static String causes(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            text.append(" <- ").append(c);
        }
        return text.toString();
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
