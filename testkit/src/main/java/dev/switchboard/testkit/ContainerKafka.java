package dev.switchboard.testkit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/** Testcontainers' Kafka, for machines with a Docker engine. */
final class ContainerKafka {
    static final String IMAGE = "apache/kafka:4.1.0";

    private ContainerKafka() {
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @SuppressWarnings("resource")
    static KafkaClusterExtension.RunningCluster start() {
        KafkaContainer container = new KafkaContainer(IMAGE)
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        container.start();
        return new KafkaClusterExtension.RunningCluster(container.getBootstrapServers(), "Testcontainers " + IMAGE, container::stop);
    }
}
