package dev.switchboard.testkit;

import dev.switchboard.kafka.embedded.BrokerBehaviour;
import dev.switchboard.kafka.embedded.CoordinatorTopics;
import dev.switchboard.kafka.embedded.EmbeddedKafkaCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Testcontainers' Kafka ({@code apache/kafka} of the Kafka version this build uses), for machines with a Docker engine,
 * with the embedded broker's {@link BrokerBehaviour} and, like it, its coordinator topics created at start
 * ({@link CoordinatorTopics}). The only class of the test kit that names Testcontainers: nothing
 * loads it unless a container is asked for and {@link ContainerSupport#probe()} found Testcontainers on the classpath.
 */
final class ContainerKafka {
    /** The Kafka version of this build ({@code kafka.version} of the root pom, written into a resource by the build). */
    static final String KAFKA_VERSION = buildKafkaVersion();
    static final String IMAGE = "apache/kafka:" + KAFKA_VERSION;
    private static final Logger log = LoggerFactory.getLogger(ContainerKafka.class);

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
        String clients = AppInfoParser.getVersion();
        if (!clients.equals(KAFKA_VERSION)) {
            log.warn("Kafka clients {} on the test classpath, broker image {}: the test kit was built for Kafka {}", clients, IMAGE,
                    KAFKA_VERSION);
        }
        KafkaContainer container = container();
        container.start();
        // as the embedded broker does at start: tests' clients starting together then never race to create them
        CoordinatorTopics.create(Map.of("bootstrap.servers", container.getBootstrapServers()), EmbeddedKafkaCluster.DEFAULT_STARTUP_TIMEOUT);
        return new KafkaClusterExtension.RunningCluster(container.getBootstrapServers(), "Testcontainers " + IMAGE, container::stop);
    }

    /** The container, configured and not started (building it needs no Docker engine). */
    static KafkaContainer container() {
        return new KafkaContainer(IMAGE).withEnv(environment(BrokerBehaviour.forCluster(1)));
    }

    /** Broker properties as the {@code apache/kafka} image reads them from its environment. */
    static Map<String, String> environment(Map<String, String> brokerProperties) {
        Map<String, String> env = new LinkedHashMap<>();
        brokerProperties.forEach((property, value) -> env.put(environmentName(property), value));
        return env;
    }

    /**
     * The image's convention (docker/examples/README.md of Apache Kafka): {@code _} becomes {@code __}, {@code -} becomes
     * {@code ___}, {@code .} becomes {@code _}, upper case, prefixed with {@code KAFKA_}.
     */
    static String environmentName(String property) {
        return "KAFKA_" + property.replace("_", "__").replace("-", "___").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private static String buildKafkaVersion() {
        Properties build = new Properties();
        try (InputStream in = ContainerKafka.class.getResourceAsStream("kafka.properties")) {
            if (in == null) {
                throw new IllegalStateException("dev/switchboard/testkit/kafka.properties is missing from the test kit's jar");
            }
            build.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return build.getProperty("kafka.version");
    }
}
