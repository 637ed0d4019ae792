package dev.switchboard.spring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * The kafka-clients version this starter was built with, recorded at build time, against the one on the classpath.
 * Spring Boot's dependency management pins an older kafka-clients; running the runtime on it fails in ways far from
 * the cause, so the application refuses to start instead, saying how to keep Switchboard's version (decision 0041).
 */
final class KafkaClientVersion {
    private static final String RESOURCE = "kafka-clients.version";

    private KafkaClientVersion() {
    }

    /** Throws unless the kafka-clients on the classpath is the version this starter was built with. */
    static void requireBuiltWith() {
        require(builtWith(), onClasspath());
    }

    /**
     * The version in the kafka-clients jar itself ({@code kafka/kafka-version.properties} beside its classes: the broker's
     * jars carry one too, and the class reporting it moved between versions).
     */
    static String onClasspath() {
        String consumerClass = KafkaConsumer.class.getName().replace('.', '/') + ".class";
        URL consumer = KafkaConsumer.class.getClassLoader().getResource(consumerClass);
        String jar = consumer.toString().substring(0, consumer.toString().length() - consumerClass.length());
        Properties version = new Properties();
        try (InputStream in = URI.create(jar + "kafka/kafka-version.properties").toURL().openStream()) {
            version.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the version of kafka-clients at " + jar, e);
        }
        return version.getProperty("version", "unknown");
    }

    static void require(String builtWith, String onClasspath) {
        if (!builtWith.equals(onClasspath)) {
            throw new IllegalStateException("Switchboard needs kafka-clients " + builtWith + " but the classpath has "
                    + onClasspath + " (Spring Boot's dependency management picks its own Kafka version). With spring-boot-starter-parent "
                    + "set <kafka.version>" + builtWith + "</kafka.version> in your pom's <properties>; importing "
                    + "spring-boot-dependencies instead, manage org.apache.kafka:kafka-clients " + builtWith + " in your own "
                    + "<dependencyManagement>");
        }
    }

    static String builtWith() {
        try (InputStream in = KafkaClientVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the Switchboard starter's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
