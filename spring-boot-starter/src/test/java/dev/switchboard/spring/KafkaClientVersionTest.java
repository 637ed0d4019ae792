package dev.switchboard.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.junit.jupiter.api.Test;

class KafkaClientVersionTest {

    @Test
    void shouldRecordTheKafkaClientsVersionItWasBuiltWith() {
        assertThat(KafkaClientVersion.builtWith()).isEqualTo(AppInfoParser.getVersion());
        assertThat(KafkaClientVersion.onClasspath()).isEqualTo(AppInfoParser.getVersion());
    }

    @Test
    void shouldRefuseAnotherKafkaClientsVersionSayingHowToKeepOurs() {
        assertThatThrownBy(() -> KafkaClientVersion.require("4.4.0", "4.1.2"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs kafka-clients 4.4.0 but the classpath has 4.1.2")
                .hasMessageContaining("org.apache.kafka:kafka-clients 4.4.0")
                .hasMessageContaining("<kafka.version>4.4.0</kafka.version>");
    }

    @Test
    void shouldAcceptTheVersionItWasBuiltWith() {
        KafkaClientVersion.requireBuiltWith();
    }
}
