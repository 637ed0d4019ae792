package dev.switchboard.testkit;

import dev.switchboard.kafka.embedded.EmbeddedKafkaCluster;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands tests a Kafka cluster, started once per JVM on first use and closed when the JVM exits: the one
 * {@link TestKafka#shared()} returns, so a Spring test's {@code @DynamicPropertySource} and a {@code @KafkaTest} parameter
 * reach the same broker. Which one is
 * {@code -Dswitchboard.test.kafka} ({@link KafkaMode}): {@code embedded} (default), an in-process KRaft broker;
 * {@code auto}, Testcontainers' {@code apache/kafka} of this build's Kafka version when a Docker engine answers, else the
 * embedded broker; {@code testcontainers}, the container or a failed run.
 */
public final class KafkaClusterExtension implements ParameterResolver {
    public static final String MODE_PROPERTY = KafkaMode.PROPERTY;
    private static final Logger log = LoggerFactory.getLogger(KafkaClusterExtension.class);
    private static RunningCluster shared;

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == TestKafka.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return shared();
    }

    /**
     * This JVM's cluster, started by the first caller. It outlives JUnit's run on purpose: a Spring test context cached
     * until the JVM exits keeps its clients on it, so it stops in a shutdown hook. A start that failed is retried by the
     * next caller (and fails the same way).
     */
    static synchronized RunningCluster shared() {
        if (shared == null) {
            RunningCluster cluster = start();
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "switchboard-test-kafka-stop"));
            shared = cluster;
        }
        return shared;
    }

    static RunningCluster start() {
        RunningCluster cluster = switch (KafkaMode.fromSystemProperties().broker(ContainerSupport::probe)) {
            case CONTAINER -> ContainerKafka.start();
            case EMBEDDED -> startEmbedded();
        };
        log.info("Kafka for this test run: {}", cluster);
        return cluster;
    }

    private static RunningCluster startEmbedded() {
        EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().build().start();
        return new RunningCluster(cluster.bootstrapServers(), "embedded KRaft broker", cluster::close);
    }

    /** A started cluster. */
    public static final class RunningCluster implements TestKafka, AutoCloseable {
        private final String bootstrapServers;
        private final String description;
        private final Runnable stop;

        RunningCluster(String bootstrapServers, String description, Runnable stop) {
            this.bootstrapServers = bootstrapServers;
            this.description = description;
            this.stop = stop;
        }

        @Override
        public String bootstrapServers() {
            return bootstrapServers;
        }

        @Override
        public String description() {
            return description;
        }

        @Override
        public void close() {
            stop.run();
        }

        @Override
        public String toString() {
            return description + " at " + bootstrapServers;
        }
    }
}
