package dev.switchboard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.topic.TopicCatalogue;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auto-configuration without a broker: what it registers when no Agent bean asks for workers, what it refuses. */
class SwitchboardAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SwitchboardAutoConfiguration.class));

    @Test
    void shouldLoadTheTopicCatalogueNamedBySwitchboardTopicsFile(@TempDir Path dir) throws Exception {
        // given a topics file that declares one more agent
        Path file = dir.resolve("topics.yaml");
        try (InputStream bundled = TopicCatalogue.class.getResourceAsStream(TopicCatalogue.DEFAULT_FILE_NAME)) {
            Files.writeString(file, new String(bundled.readAllBytes(), StandardCharsets.UTF_8).replace("\nagents:\n", "\nagents:\n  headlines: {}\n"));
        }

        runner.withPropertyValues("switchboard.topics.file=" + file).run(context -> {
            // then
            assertThat(context.getBean(TopicCatalogue.class).agentNames()).contains("headlines");
            assertThat(TopicCatalogue.bundled().agentNames()).doesNotContain("headlines");
        });
    }

    @Test
    void shouldStartNoWorkerAndNoHealthIndicatorWithoutAnAgentBean() {
        runner.withPropertyValues("switchboard.agent.concurrency=3").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(AgentWorkers.class).doesNotHaveBean("switchboardHealthIndicator");
            assertThat(context.getBean(ConfigSource.class).get("agent.concurrency")).contains("3");
        });
    }

    @Test
    void shouldRefuseTwoAgentBeansOfTheSameName() {
        runner.withBean("first", WordCount.class, () -> new WordCount("twin", false))
                .withBean("second", WordCount.class, () -> new WordCount("twin", false))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("Two Agent beans are named 'twin'")
                            .hasMessageContaining("give one another name()");
                });
    }

    @Test
    void shouldRefuseOneGroupIdForSeveralAgentBeans() {
        runner.withBean("first", WordCount.class, () -> new WordCount("first", false))
                .withBean("second", WordCount.class, () -> new WordCount("second", false))
                .withPropertyValues("switchboard.agent.group.id=shared")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("switchboard.agent.group.id is shared and the application has 2 Agent beans [first, second]")
                            .hasMessageContaining("Unset switchboard.agent.group.id");
                });
    }

    @Test
    void shouldExitOnAWorkersFailureByDefaultOnlyWithoutActuatorsHealth() {
        runner.run(context -> assertThat(SwitchboardAutoConfiguration.exitOnFailure(context)).isFalse());
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
                .run(context -> assertThat(SwitchboardAutoConfiguration.exitOnFailure(context)).isTrue());
        runner.withPropertyValues("switchboard.agent.exit-on-failure=true")
                .run(context -> assertThat(SwitchboardAutoConfiguration.exitOnFailure(context)).isTrue());
    }
}
