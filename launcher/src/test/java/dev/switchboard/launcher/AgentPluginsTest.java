package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentPluginsTest {

    @Test
    void shouldDiscoverTheBuiltInAgentsWithoutNamingThem() {
        // Given the launcher's class path, whose agent modules each list their agent as a service
        // Then discovery finds the five of them
        assertThat(AgentPlugins.builtIn().all()).containsOnlyKeys("entities", "keywords", "sentiment", "summary", "synthesis");
    }

    @Test
    void shouldRefuseAnUnknownAgentListingWhatItFound(@TempDir Path empty) {
        AgentPlugins agents = AgentPlugins.load(null, empty.resolve("no-plugins"));
        assertThatThrownBy(() -> agents.get("translate")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'translate'").hasMessageContaining("[entities, keywords, sentiment, summary, synthesis]");
    }

    @Test
    void shouldRefuseAClasspathEntryThatDoesNotExist(@TempDir Path dir) {
        assertThatThrownBy(() -> AgentPlugins.load(dir.resolve("missing.jar").toString(), dir))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.jar");
    }

    @Test
    void shouldListTheDiscoveredAgentsAndExitZero() {
        assertThat(Main.execute("agent", "--list")).isZero();
    }

    @Test
    void shouldExitWithOneForAnUnknownAgent() {
        assertThat(Main.execute("agent", "translate")).isEqualTo(1);
    }
}
