package dev.switchboard.launcher;

import dev.switchboard.core.Agent;
import dev.switchboard.core.runtime.Agents;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents this process can run, found with {@link java.util.ServiceLoader}: the built-in agents on its class path,
 * plus those in user jars or directories given with {@code --classpath} and every {@code *.jar} in the plugins
 * directory ({@value #PLUGINS_DIR_VARIABLE}, default {@value #DEFAULT_PLUGINS_DIR} under the working directory).
 */
final class AgentPlugins {
    static final String PLUGINS_DIR_VARIABLE = "SWITCHBOARD_PLUGINS_DIR";
    static final String DEFAULT_PLUGINS_DIR = "plugins";
    private static final Logger log = LoggerFactory.getLogger(AgentPlugins.class);
    private final Map<String, Agent<?>> agents;
    private final List<String> problems;

    private AgentPlugins(ClassLoader loader) {
        List<String> found = new ArrayList<>();
        this.agents = Agents.discover(loader, found::add);
        this.problems = List.copyOf(found);
        // one broken jar costs its own agents: the others still run, and the operator reads why in the log
        problems.forEach(problem -> log.warn("{}", problem));
    }

    /** The agents of the launcher's own class path only (what {@code up} and {@code demo} run). */
    static AgentPlugins builtIn() {
        return new AgentPlugins(AgentPlugins.class.getClassLoader());
    }

    /**
     * The agents of the class path, of {@code classpath} (entries separated by the platform's path separator) and of
     * the jars in {@code pluginsDir} (a missing directory adds none).
     */
    static AgentPlugins load(String classpath, Path pluginsDir) {
        List<URL> urls = new ArrayList<>();
        if (classpath != null && !classpath.isBlank()) {
            for (String entry : classpath.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    Path path = Path.of(entry.strip());
                    if (!Files.exists(path)) {
                        throw new IllegalArgumentException("--classpath entry " + path + " does not exist");
                    }
                    urls.add(url(path));
                }
            }
        }
        if (Files.isDirectory(pluginsDir)) {
            try (Stream<Path> jars = Files.list(pluginsDir)) {
                jars.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(p -> urls.add(url(p)));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list the plugins directory " + pluginsDir, e);
            }
        }
        ClassLoader parent = AgentPlugins.class.getClassLoader();
        // the loader lives as long as the process: the agents' classes are in use until it exits
        ClassLoader loader = urls.isEmpty() ? parent : new URLClassLoader(urls.toArray(URL[]::new), parent);
        return new AgentPlugins(loader);
    }

    /** The plugins directory from the settings ({@value #PLUGINS_DIR_VARIABLE}), relative to the working directory. */
    static Path pluginsDir(String configured) {
        return Path.of(configured == null || configured.isBlank() ? DEFAULT_PLUGINS_DIR : configured);
    }

    Map<String, Agent<?>> all() {
        return agents;
    }

    boolean has(String name) {
        return agents.containsKey(name);
    }

    /** What kept listed agents from being loaded, one message each (empty when every listed agent loaded). */
    List<String> problems() {
        return problems;
    }

    /** The agent of that name; an unknown name is refused with the names that were found and what could not be loaded. */
    Agent<?> get(String name) {
        Agent<?> agent = agents.get(name);
        if (agent == null) {
            throw new IllegalArgumentException("Unknown agent '" + name + "'; discovered: " + agents.keySet()
                    + " (add a jar with --classpath or to the plugins directory, " + PLUGINS_DIR_VARIABLE + ")"
                    + (problems.isEmpty() ? "" : ". Not loaded: " + String.join("; ", problems)));
        }
        return agent;
    }

    private static URL url(Path path) {
        try {
            return path.toAbsolutePath().toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("Not a usable class path entry: " + path, e);
        }
    }
}
