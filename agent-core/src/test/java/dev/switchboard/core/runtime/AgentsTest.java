package dev.switchboard.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
