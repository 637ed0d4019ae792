package dev.switchboard.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.testagents.ExplodingAgent;
import dev.switchboard.core.testagents.Greeter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentsTest {

    @Test
    void shouldFindTheAgentsListedAsServicesOnTheClassPath() {
        // Given the test class path, whose services file lists the greeter
        // When agents are discovered
        // Then the greeter is found by its name
        assertThat(Agents.discover(getClass().getClassLoader())).containsOnlyKeys("greeter")
                .hasValueSatisfying(new org.assertj.core.api.Condition<>(a -> a instanceof Greeter, "a Greeter"));
    }

    @Test
    void shouldRefuseTwoAgentsWithOneName(@TempDir Path jar) throws Exception {
        // Given a second class path entry listing another agent named "greeter"
        Path services = jar.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve("dev.switchboard.core.Agent"), Greeter.Twin.class.getName() + "\n");

        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            // Then discovery refuses, naming both classes
            assertThatThrownBy(() -> Agents.discover(loader)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'greeter'").hasMessageContaining(Greeter.class.getName())
                    .hasMessageContaining(Greeter.Twin.class.getName());
        }
    }

    @Test
    void shouldLeaveOutOnlyTheAgentsThatCannotBeLoadedAndSayWhy(@TempDir Path jar) throws Exception {
        // Given a plugin listing an agent whose constructor throws, a class that does not exist, and a second "greeter"
        Path services = jar.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve("dev.switchboard.core.Agent"), ExplodingAgent.class.getName() + "\n"
                + "com.example.Missing\n" + Greeter.Twin.class.getName() + "\n");
        java.util.List<String> problems = new java.util.ArrayList<>();

        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            // When agents are discovered leniently
            var agents = Agents.discover(loader, problems::add);

            // Then no agent is left (the two greeters cancel out), nothing was thrown, and each problem is told with its cause
            assertThat(agents).isEmpty();
            assertThat(problems).hasSize(3);
            assertThat(problems).anySatisfy(p -> assertThat(p).contains("lexicon.tsv is missing from the plugin jar"));
            assertThat(problems).anySatisfy(p -> assertThat(p).contains("com.example.Missing"));
            assertThat(problems).anySatisfy(p -> assertThat(p).contains("'greeter'").contains(Greeter.Twin.class.getName()));
        }
    }
}
