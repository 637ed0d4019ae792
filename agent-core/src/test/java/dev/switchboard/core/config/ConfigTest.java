package dev.switchboard.core.config;

import dev.switchboard.contracts.config.ConfigException;
import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.KafkaSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {

    @Test
    void shouldReadPublicEnvironmentVariables() {
        ConfigSource env = ConfigSource.from(Map.of(
                "SWITCHBOARD_BOOTSTRAP_SERVERS", "k1:9092,k2:9092",
                "SWITCHBOARD_LLM_PROVIDER", "openai",
                "SWITCHBOARD_LLM_BASE_URL", "http://localhost:11434/v1",
                "SWITCHBOARD_LLM_MODEL", "llama3.2",
                "SWITCHBOARD_LLM_API_KEY", "sk-secret",
                "SWITCHBOARD_LLM_RATE_LIMIT", "25",
                "SWITCHBOARD_LLM_TOKENS_PER_MINUTE", "90000",
                "SWITCHBOARD_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "SWITCHBOARD_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "OTHER", "ignored"));

        LlmConfig llm = LlmConfig.from(env);
        KafkaSettings kafka = KafkaSettings.from(env);

        assertThat(llm.provider()).isEqualTo(LlmProvider.OPENAI);
        assertThat(llm.baseUrl()).isEqualTo("http://localhost:11434/v1");
        assertThat(llm.model()).isEqualTo("llama3.2");
        assertThat(llm.apiKey().reveal()).isEqualTo("sk-secret");
        assertThat(llm.requestsPerSecond()).isEqualTo(25);
        assertThat(llm.tokensPerMinute()).isEqualTo(90_000);
        assertThat(kafka.bootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(kafka.clientConfig(Map.of())).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("bootstrap.servers", "k1:9092,k2:9092");
    }

    @Test
    void shouldNeverShowSecretsInToString() {
        ConfigSource env = ConfigSource.from(Map.of(
                "SWITCHBOARD_LLM_PROVIDER", "anthropic",
                "SWITCHBOARD_LLM_API_KEY", "sk-ant-very-secret",
                "SWITCHBOARD_KAFKA_SASL_JAAS_CONFIG", "PlainLoginModule required username=\"u\" password=\"hunter2\";"));

        assertThat(LlmConfig.from(env).toString()).doesNotContain("sk-ant-very-secret").contains("****");
        assertThat(KafkaSettings.from(env).toString()).doesNotContain("hunter2");
    }

    @Test
    void shouldLetTheEnvironmentOverrideTheConfigFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("switchboard.properties");
        Files.writeString(file, "llm.rate.limit=7\nagent.concurrency=4\nbootstrap.servers=file:9092\n");

        ConfigSource source = ConfigSource.from(Map.of(
                "SWITCHBOARD_CONFIG_FILE", file.toString(),
                "SWITCHBOARD_BOOTSTRAP_SERVERS", "env:9092"));

        assertThat(LlmConfig.from(source).requestsPerSecond()).isEqualTo(7);
        assertThat(WorkerConfig.from(source).concurrency()).isEqualTo(4);
        assertThat(KafkaSettings.from(source).bootstrapServers()).isEqualTo("env:9092");
    }

    @Test
    void shouldRejectContradictionsWithAMessageThatNamesTheVariable() {
        assertThatThrownBy(() -> LlmConfig.from(ConfigSource.from(Map.of("SWITCHBOARD_LLM_RATE_LIMIT", "0"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_LLM_RATE_LIMIT");
        assertThatThrownBy(() -> LlmConfig.from(ConfigSource.from(Map.of("SWITCHBOARD_LLM_RATE_LIMIT", "fast"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("whole number");
        assertThatThrownBy(() -> LlmConfig.from(ConfigSource.from(Map.of("SWITCHBOARD_LLM_PROVIDER", "gpt"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("offline, openai, anthropic");
        assertThatThrownBy(() -> LlmConfig.custom().provider(LlmProvider.ANTHROPIC).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_LLM_API_KEY");
        assertThatThrownBy(() -> WorkerConfig.custom().concurrency(0).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_AGENT_CONCURRENCY");
        assertThatThrownBy(() -> WorkerConfig.from(ConfigSource.from(Map.of("SWITCHBOARD_AGENT_DRAIN_TIMEOUT", "later"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("duration");
    }

    @Test
    void shouldDefaultToTheOfflineProviderAndSensibleWorkerSettings() {
        LlmConfig llm = LlmConfig.ofDefaults();
        WorkerConfig worker = WorkerConfig.ofDefaults();
        assertThat(llm.provider()).isEqualTo(LlmProvider.OFFLINE);
        assertThat(worker.concurrency()).isEqualTo(16);
        assertThat(worker.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(worker.groupIdFor("sentiment")).isEqualTo("switchboard-agent-sentiment");
    }

    @Test
    void shouldConsumeOnAConsumerGroupUnlessTheShareModeIsChosen() {
        // Given the default settings, and the variable set to share, and to something else
        WorkerConfig byDefault = WorkerConfig.ofDefaults();
        WorkerConfig share = WorkerConfig.from(ConfigSource.from(Map.of("SWITCHBOARD_AGENT_CONSUMPTION", "Share")));

        // Then a consumer group is the default, share is read case-insensitively, and a typo names the choices
        assertThat(byDefault.consumption()).isEqualTo(Consumption.GROUP);
        assertThat(share.consumption()).isEqualTo(Consumption.SHARE);
        assertThat(WorkerConfig.from(share).instanceId("w-2").build().consumption()).isEqualTo(Consumption.SHARE);
        assertThatThrownBy(() -> WorkerConfig.from(ConfigSource.from(Map.of("SWITCHBOARD_AGENT_CONSUMPTION", "queue"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_AGENT_CONSUMPTION").hasMessageContaining("group, share");
    }

    @Test
    void shouldRefuseMoreCrashesInShareModeThanTheBrokersDeliveryLimitAllows() {
        // Given share mode with 8 crashes, with 9, and group mode with 9
        Map<String, String> share = Map.of("SWITCHBOARD_AGENT_CONSUMPTION", "share", "SWITCHBOARD_AGENT_MAX_CRASHES", "8");
        Map<String, String> tooMany = Map.of("SWITCHBOARD_AGENT_CONSUMPTION", "share", "SWITCHBOARD_AGENT_MAX_CRASHES", "9");

        // Then 8 is fine, 9 in share mode is refused naming both settings and the broker's limit, group mode keeps 9
        assertThat(WorkerConfig.from(ConfigSource.from(share)).maxCrashes()).isEqualTo(8);
        assertThatThrownBy(() -> WorkerConfig.from(ConfigSource.from(tooMany))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("SWITCHBOARD_AGENT_MAX_CRASHES").hasMessageContaining("SWITCHBOARD_AGENT_CONSUMPTION")
                .hasMessageContaining("group.share.max.delivery.count.limit");
        assertThat(WorkerConfig.from(ConfigSource.from(Map.of("SWITCHBOARD_AGENT_MAX_CRASHES", "9"))).maxCrashes()).isEqualTo(9);
    }

    @Test
    void shouldCopyEverySettingFromThePrototypeAndChangeOnlyWhatIsSet() {
        // Given configs with non-default settings
        WorkerConfig base = WorkerConfig.custom().concurrency(4).drainTimeout(Duration.ofSeconds(7)).groupId("g").maxCrashes(5).build();
        LlmConfig llm = LlmConfig.from(ConfigSource.from(Map.of("SWITCHBOARD_LLM_PROVIDER", "openai",
                "SWITCHBOARD_LLM_BASE_URL", "http://localhost:11434/v1", "SWITCHBOARD_LLM_RATE_LIMIT", "3")));

        // When copied with one change
        WorkerConfig copy = WorkerConfig.from(base).instanceId("w-2").build();
        LlmConfig llmCopy = LlmConfig.from(llm).maxAttempts(7).build();

        // Then everything else is as in the prototype
        assertThat(copy).isEqualTo(new WorkerConfig(4, base.commitInterval(), Duration.ofSeconds(7), base.heartbeatInterval(),
                base.pollTimeout(), "w-2", "g", 5));
        assertThat(LlmConfig.from(llmCopy).maxAttempts(llm.maxAttempts()).build()).isEqualTo(llm);
        assertThat(llmCopy.maxAttempts()).isEqualTo(7);
        assertThat(WorkerConfig.from(base).build()).isEqualTo(base);
    }

    @Test
    void shouldRefuseABadCopyWithTheSameMessageAsABadVariable() {
        assertThatThrownBy(() -> WorkerConfig.from(WorkerConfig.ofDefaults()).concurrency(0).build())
                .isInstanceOf(ConfigException.class).hasMessage("SWITCHBOARD_AGENT_CONCURRENCY must be between 1 and 1024, was 0");
        assertThatThrownBy(() -> WorkerConfig.from(ConfigSource.from(Map.of("SWITCHBOARD_AGENT_CONCURRENCY", "0"))))
                .isInstanceOf(ConfigException.class).hasMessage("SWITCHBOARD_AGENT_CONCURRENCY must be between 1 and 1024, was 0");
    }
}
