package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KafkaClusterExtensionTest {

    @AfterEach
    void clear() {
        System.clearProperty(KafkaClusterExtension.MODE_PROPERTY);
    }

    @Test
    void shouldRejectAnUnknownClusterMode() {
        System.setProperty(KafkaClusterExtension.MODE_PROPERTY, "zookeeper");
        assertThatThrownBy(KafkaClusterExtension::start)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("embedded or testcontainers");
    }
}
