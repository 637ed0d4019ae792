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
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auto-configuration without a broker: what it registers when no Agent bean asks for workers. */
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
}
