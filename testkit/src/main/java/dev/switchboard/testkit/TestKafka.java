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

    /**
     * The cluster of this test run, the one every {@link KafkaTest} gets: started on first use (which one: {@link KafkaMode}),
     * stopped when the JVM exits. For code that cannot take a parameter, such as a Spring test's static
     * {@code @DynamicPropertySource} method.
     */
    static TestKafka shared() {
        return KafkaClusterExtension.shared();
    }

    /** A cluster a test started itself (e.g. a multi-broker or SASL one), seen through this interface. */
    static TestKafka of(String bootstrapServers, String description) {
        return new KafkaClusterExtension.RunningCluster(bootstrapServers, description, () -> { });
    }
}
