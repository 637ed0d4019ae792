package dev.switchboard.contracts.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingTest {
    private static final Setting<Integer> CONCURRENCY = Setting.ofInt("agent.concurrency", 16)
            .must("between 1 and 1024", c -> c >= 1 && c <= 1024);

    @Test
    void shouldReadItsVariableOrFallBackToItsDefault() {
        assertThat(CONCURRENCY.read(ConfigSource.from(Map.of("SWITCHBOARD_AGENT_CONCURRENCY", "4")))).isEqualTo(4);
        assertThat(CONCURRENCY.read(ConfigSource.empty())).isEqualTo(16);
        assertThat(Setting.ofDuration("agent.drain.timeout", Duration.ofSeconds(30))
                .read(ConfigSource.from(Map.of("SWITCHBOARD_AGENT_DRAIN_TIMEOUT", "5s")))).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void shouldRefuseAValueWithAMessageThatNamesTheVariableTheRequirementAndTheValue() {
        assertThatThrownBy(() -> CONCURRENCY.check(0))
                .isInstanceOf(ConfigException.class)
                .hasMessage("SWITCHBOARD_AGENT_CONCURRENCY must be between 1 and 1024, was 0");
        assertThatThrownBy(() -> Setting.ofString("aggregator.application.id", "x").must("a non-blank id", s -> !s.isBlank())
                .check(null)).hasMessage("SWITCHBOARD_AGGREGATOR_APPLICATION_ID must be a non-blank id, was null");
        assertThat(CONCURRENCY.check(1024)).isEqualTo(1024);
    }

    @Test
    void shouldNameTheVariableWhenTheTextDoesNotParse() {
        assertThatThrownBy(() -> CONCURRENCY.read(ConfigSource.from(Map.of("SWITCHBOARD_AGENT_CONCURRENCY", "many"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_AGENT_CONCURRENCY");
    }

    @Test
    void shouldAcceptAnythingWithoutACheck() {
        assertThat(Setting.ofString("agent.group.id", null).check(null)).isNull();
        assertThat(Setting.ofSecret("llm.api.key").read(ConfigSource.empty()).isEmpty()).isTrue();
    }
}
