package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.kafka.embedded.BrokerBehaviour;
import java.util.Map;
import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.junit.jupiter.api.Test;
import org.testcontainers.kafka.KafkaContainer;

/** The container as it would start, built without a Docker engine. */
class ContainerKafkaTest {

    @Test
    void shouldRunTheImageOfTheKafkaVersionOfTheClients() {
        // Given the kafka-clients on this classpath (the build's kafka.version)
        String clients = AppInfoParser.getVersion();

        // When the container's image is named (its name is resolved against Docker only at start), Then it is
        // apache/kafka of that version
        assertThat(ContainerKafka.IMAGE).isEqualTo("apache/kafka:" + clients);
    }

    @Test
    void shouldNamePropertiesAsTheApacheKafkaImageReadsThem() {
        // dots become _, _ becomes __, - becomes ___, upper case, KAFKA_ in front (the image's docker/examples/README.md)
        assertThat(ContainerKafka.environmentName("group.initial.rebalance.delay.ms")).isEqualTo("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS");
        assertThat(ContainerKafka.environmentName("abc_def")).isEqualTo("KAFKA_ABC__DEF");
        assertThat(ContainerKafka.environmentName("abc-def")).isEqualTo("KAFKA_ABC___DEF");
        assertThat(ContainerKafka.environmentName("listener.name.a-b.x_y")).isEqualTo("KAFKA_LISTENER_NAME_A___B_X__Y");
    }

    @Test
    void shouldConfigureTheContainerWithTheEmbeddedBrokersBehaviour() {
        // Given the settings the embedded broker runs with, for one broker
        Map<String, String> behaviour = BrokerBehaviour.forCluster(1);

        // When the container is configured
        KafkaContainer container = ContainerKafka.container();

        // Then each is in its environment, over Testcontainers' own defaults (it asks for 1 offsets partition)
        assertThat(container.getEnvMap()).containsAllEntriesOf(ContainerKafka.environment(behaviour))
                .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .containsEntry("KAFKA_GROUP_SHARE_MIN_RECORD_LOCK_DURATION_MS", "1000")
                .containsEntry("KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS", behaviour.get("offsets.topic.num.partitions"));
        assertThat(ContainerKafka.environment(behaviour)).hasSameSizeAs(behaviour);
    }
}
