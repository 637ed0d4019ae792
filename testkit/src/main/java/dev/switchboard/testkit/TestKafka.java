package dev.switchboard.testkit;

import java.util.Map;

/** The Kafka cluster a test runs against: embedded by default, a container on request. */
public interface TestKafka {

    String bootstrapServers();

    /** Properties every client of this cluster needs (bootstrap servers and any security settings). */
    default Map<String, Object> clientProperties() {
        return Map.of("bootstrap.servers", bootstrapServers());
    }

    /** Human-readable description: which kind of cluster this is. */
    String description();

    /** A cluster a test started itself (e.g. a multi-broker or SASL one), seen through this interface. */
    static TestKafka of(String bootstrapServers, String description) {
        return new KafkaClusterExtension.RunningCluster(bootstrapServers, description, () -> { });
    }
}
