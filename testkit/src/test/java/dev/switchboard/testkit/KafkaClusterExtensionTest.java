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
        // Given a mode that does not exist
        System.setProperty(KafkaClusterExtension.MODE_PROPERTY, "zookeeper");

        // When a cluster is asked for, Then the run fails naming the modes there are
        assertThatThrownBy(KafkaClusterExtension::start)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("embedded, auto, testcontainers");
    }
}
