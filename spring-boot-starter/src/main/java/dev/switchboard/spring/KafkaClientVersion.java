package dev.switchboard.spring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The kafka-clients version this starter was built with, recorded at build time, against the one on the classpath.
 * Spring Boot's dependency management pins an older kafka-clients; running the runtime on it fails in ways far from
 * the cause, so the application refuses to start on another minor line, saying how to keep Switchboard's version, and
 * warns on another patch of the same line (decision 0041). {@code switchboard.spring.kafka-version-check=false} skips it.
 */
final class KafkaClientVersion {
    private static final Logger log = LoggerFactory.getLogger(KafkaClientVersion.class);
    private static final String RESOURCE = "kafka-clients.version";
    /** The property that turns the check off, at the application's own risk. */
    static final String CHECK_PROPERTY = SpringSettings.PREFIX + ".spring.kafka-version-check";

    private KafkaClientVersion() {
    }

    /**
     * Throws unless the kafka-clients on the classpath is of the minor line this starter was built with, or the
     * application turned the check off.
     */
    static void check(Environment environment) {
        check(environment, builtWith(), onClasspath());
    }

    /** {@link #require}, unless {@link #CHECK_PROPERTY} is {@code false}. */
    static void check(Environment environment, String builtWith, String onClasspath) {
        if (Binder.get(environment).bind(CHECK_PROPERTY, Boolean.class).orElse(true)) {
            require(builtWith, onClasspath);
        }
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

    /** Same major.minor: accepted, with a warning when the patch differs. Another line: refused. */
    static void require(String builtWith, String onClasspath) {
        if (builtWith.equals(onClasspath)) {
            return;
        }
        String advice = "With spring-boot-starter-parent set <kafka.version>" + builtWith + "</kafka.version> in your pom's "
                + "<properties> (it moves every org.apache.kafka artifact together); importing spring-boot-dependencies "
                + "instead, manage every org.apache.kafka artifact you have (kafka-clients, and the broker's jars the "
                + "testkit brings) at " + builtWith + " in your own <dependencyManagement>";
        if (!minorLine(builtWith).equals(minorLine(onClasspath))) {
            throw new IllegalStateException("Switchboard needs kafka-clients " + minorLine(builtWith) + ".x (built with "
                    + builtWith + ") but the classpath has " + onClasspath + " (Spring Boot's dependency management picks "
                    + "its own Kafka version). " + advice + ". " + CHECK_PROPERTY + "=false skips this check, at your own risk");
        }
        log.warn("Switchboard was built with kafka-clients {} and runs on {}: another patch of the same line. {}",
                builtWith, onClasspath, advice);
    }

    /** {@code 4.1.2} → {@code 4.1}; a version without a minor is its own line. */
    static String minorLine(String version) {
        String[] parts = version.split("[.-]", 3);
        return parts.length < 2 ? version : parts[0] + "." + parts[1];
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
