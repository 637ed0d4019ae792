package dev.switchboard.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerBehaviourTest {

    @Test
    void shouldGiveEveryEmbeddedNodeTheSharedBehaviour() {
        // Given a three-broker cluster's settings
        EmbeddedKafkaConfig config = EmbeddedKafkaConfig.custom().brokers(3).buildConfig();

        // When a node's server.properties are written
        Map<String, String> node = BrokerProperties.forNode(config, 2, NodePorts.allocate(config), Path.of("node-2"));

        // Then they hold every behaviour setting, internal topics replicated three times
        assertThat(node).containsAllEntriesOf(BrokerBehaviour.forCluster(3))
                .containsEntry("offsets.topic.replication.factor", "3")
                .containsEntry("transaction.state.log.min.isr", "2");
    }

    @Test
    void shouldLetAnOverrideWinOverTheSharedBehaviour() {
        // Given a cluster that lets topics be created on first use
        EmbeddedKafkaConfig config = EmbeddedKafkaConfig.custom().brokerProperty("auto.create.topics.enable", "true").buildConfig();

        // When its node's properties are written, Then the override is the one applied
        assertThat(BrokerProperties.forNode(config, 1, NodePorts.allocate(config), Path.of("node-1")))
                .containsEntry("auto.create.topics.enable", "true");
    }

    @Test
    void shouldReplicateInternalTopicsOnceOnOneBroker() {
        // When the behaviour of a one-broker cluster (the test kit's container) is asked for
        Map<String, String> single = BrokerBehaviour.forCluster(1);

        // Then nothing asks for a second replica, and topics are never created by accident
        assertThat(single).containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("share.coordinator.state.topic.replication.factor", "1")
                .containsEntry("share.coordinator.state.topic.min.isr", "1")
                .containsEntry("auto.create.topics.enable", "false")
                .containsEntry("group.initial.rebalance.delay.ms", "0");
        assertThatThrownBy(() -> BrokerBehaviour.forCluster(0)).hasMessageContaining("at least 1");
    }
}
