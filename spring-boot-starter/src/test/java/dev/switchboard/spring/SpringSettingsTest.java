package dev.switchboard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.core.config.WorkerConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class SpringSettingsTest {

    private static ConfigSource settingsOf(Map<String, Object> properties, Map<String, Object> environmentVariables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environmentVariables));
        environment.getPropertySources().addFirst(new MapPropertySource("application", properties));
        ConfigurationPropertySources.attach(environment);
        return SpringSettings.from(environment);
    }

    @Test
    void shouldReadAPropertyAsTheSettingOfTheSameNameWithoutItsPrefix() {
        // given
        ConfigSource settings = settingsOf(Map.of("switchboard.agent.concurrency", "3", "switchboard.agent.drain.timeout", "45s"), Map.of());

        // when
        WorkerConfig worker = WorkerConfig.from(settings);

        // then
        assertThat(worker.concurrency()).isEqualTo(3);
        assertThat(worker.drainTimeout()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void shouldReadADashedPropertyAsTheDottedSetting() {
        // given
        ConfigSource settings = settingsOf(Map.of("switchboard.llm.rate-limit", "7"), Map.of());

        // when
        LlmConfig llm = LlmConfig.from(settings);

        // then
        assertThat(settings.get("llm.rate.limit")).contains("7");
        assertThat(llm).isEqualTo(LlmConfig.from(ConfigSource.of(Map.of("llm.rate.limit", "7"))));
    }

    @Test
    void shouldReadTheEnvironmentVariableWhenNoPropertyNamesTheSetting() {
        // given
        ConfigSource settings = settingsOf(Map.of(), Map.of("SWITCHBOARD_AGENT_CONCURRENCY", "3", "PATH", "/bin"));

        // when
        WorkerConfig worker = WorkerConfig.from(settings);

        // then
        assertThat(worker.concurrency()).isEqualTo(3);
        assertThat(settings.withPrefix("")).containsOnlyKeys("agent.concurrency");
    }

    @Test
    void shouldLetTheFirstPropertySourceWinLikeSpringDoes() {
        // given
        ConfigSource settings = settingsOf(Map.of("switchboard.agent.concurrency", "5"), Map.of("SWITCHBOARD_AGENT_CONCURRENCY", "3"));

        // when
        WorkerConfig worker = WorkerConfig.from(settings);

        // then
        assertThat(worker.concurrency()).isEqualTo(5);
    }

    @Test
    void shouldPassKafkaPropertiesToTheClientsAsTheVariablesDo() {
        // given
        ConfigSource settings = settingsOf(Map.of("switchboard.bootstrap.servers", "kafka:9093",
                "switchboard.kafka.security.protocol", "SASL_SSL", "switchboard.kafka.client-id", "${app.name:agents}"), Map.of());

        // when
        KafkaSettings kafka = KafkaSettings.from(settings);

        // then
        assertThat(kafka.bootstrapServers()).isEqualTo("kafka:9093");
        assertThat(kafka.clientProperties()).containsExactlyInAnyOrderEntriesOf(Map.of("security.protocol", "SASL_SSL", "client.id", "agents"));
    }

    @Test
    void shouldKeepEachDefaultWhenNothingIsSet() {
        // given
        ConfigSource settings = settingsOf(Map.of("server.port", "8080"), Map.of());

        // when
        WorkerConfig worker = WorkerConfig.from(settings);

        // then
        assertThat(worker).usingRecursiveComparison().ignoringFields("instanceId").isEqualTo(WorkerConfig.ofDefaults());
    }

    @Test
    void shouldWarnOnceForEachSwitchboardPropertyNoSettingReads() {
        // given a mistyped key, one for the CLI only, and keys a worker reads (Kafka client properties among them)
        ConfigSource settings = settingsOf(Map.of("switchboard.agent.concurency", "3", "switchboard.agent.concurrency", "3",
                "switchboard.kafka.security.protocol", "SASL_SSL", "switchboard.llm.cache.ttl", "5m", "switchboard.agent.enabled", "true"),
                Map.of("SWITCHBOARD_MANAGEMENT_PORT", "9404"));

        try (Warnings warnings = Warnings.of(SpringSettings.class)) {
            // when
            SpringSettings.warnUnread(settings);

            // then
            assertThat(SpringSettings.unread(settings)).containsExactly("agent.concurency", "management.port");
            assertThat(warnings.messages()).hasSize(2).anySatisfy(message -> assertThat(message)
                    .startsWith("switchboard.agent.concurency (SWITCHBOARD_AGENT_CONCURENCY) is set but no setting of an agent worker reads it"));
        }
    }
}
