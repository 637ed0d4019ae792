package dev.switchboard.testkit;

import dev.switchboard.kafka.embedded.EmbeddedKafkaCluster;
import java.util.Locale;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands tests a Kafka cluster, started once per JVM and closed at the end of the run.
 *
 * <p>{@code -Dswitchboard.test.kafka=embedded} (default): an in-process KRaft broker.
 * {@code -Dswitchboard.test.kafka=testcontainers}: Testcontainers' Kafka ({@code apache/kafka}
 * image) when a Docker engine answers; without one the run falls back to the embedded broker and
 * says so.
 */
public final class KafkaClusterExtension implements ParameterResolver {
    public static final String MODE_PROPERTY = "switchboard.test.kafka";
    private static final Logger log = LoggerFactory.getLogger(KafkaClusterExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaClusterExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == TestKafka.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return extension.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("cluster", key -> start(), RunningCluster.class);
    }

    static RunningCluster start() {
        String mode = System.getProperty(MODE_PROPERTY, "embedded").trim().toLowerCase(Locale.ROOT);
        if (mode.equals("testcontainers")) {
            if (ContainerKafka.dockerAvailable()) {
                return ContainerKafka.start();
            }
            log.warn("-D{}=testcontainers but no Docker engine answers; using the embedded broker", MODE_PROPERTY);
        } else if (!mode.equals("embedded")) {
            throw new IllegalArgumentException("-D" + MODE_PROPERTY + " must be embedded or testcontainers, was " + mode);
        }
        EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().build().start();
        return new RunningCluster(cluster.bootstrapServers(), "embedded KRaft broker", cluster::close);
    }

    /** A started cluster, closed by JUnit when the root context closes. */
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
