package dev.switchboard.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.junit.jupiter.api.Test;
import java.util.Map;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class KafkaClientVersionTest {

    @Test
    void shouldRecordTheKafkaClientsVersionItWasBuiltWith() {
        assertThat(KafkaClientVersion.builtWith()).isEqualTo(AppInfoParser.getVersion());
        assertThat(KafkaClientVersion.onClasspath()).isEqualTo(AppInfoParser.getVersion());
    }

    @Test
    void shouldRefuseAnotherMinorLineSayingHowToKeepOurs() {
        assertThatThrownBy(() -> KafkaClientVersion.require("4.4.0", "4.1.2"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs kafka-clients 4.4.x (built with 4.4.0) but the classpath has 4.1.2")
                .hasMessageContaining("<kafka.version>4.4.0</kafka.version>")
                .hasMessageContaining("every org.apache.kafka artifact")
                .hasMessageContaining("switchboard.spring.kafka-version-check=false");
    }

    @Test
    void shouldAcceptAnotherPatchOfTheSameLineWithAWarning() {
        try (Warnings warnings = Warnings.of(KafkaClientVersion.class)) {
            // when
            KafkaClientVersion.require("4.4.0", "4.4.1");

            // then
            assertThat(warnings.messages()).singleElement().asString()
                    .contains("built with kafka-clients 4.4.0 and runs on 4.4.1")
                    .contains("<kafka.version>4.4.0</kafka.version>");
        }
    }

    @Test
    void shouldAcceptTheVersionItWasBuiltWithSilently() {
        try (Warnings warnings = Warnings.of(KafkaClientVersion.class)) {
            KafkaClientVersion.check(new StandardEnvironment());

            assertThat(warnings.messages()).isEmpty();
        }
    }

    @Test
    void shouldSkipTheCheckWhenThePropertyTurnsItOff() {
        // given
        StandardEnvironment off = new StandardEnvironment();
        off.getPropertySources().addFirst(new MapPropertySource("application", Map.of("switchboard.spring.kafka-version-check", "false")));

        // then
        KafkaClientVersion.check(off, "4.4.0", "3.9.1");
        assertThatThrownBy(() -> KafkaClientVersion.check(new StandardEnvironment(), "4.4.0", "3.9.1")).isInstanceOf(IllegalStateException.class);
    }
}
