package dev.switchboard.testkit;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * What {@code -Dswitchboard.test.kafka} asks {@link KafkaTest} for. A run that asked for a container and cannot have one
 * fails: it never passes against a broker it did not ask for.
 */
public enum KafkaMode {
    /** The in-process KRaft broker (default): no Docker, starts in seconds. */
    EMBEDDED,
    /** Testcontainers' {@code apache/kafka} when a Docker engine answers, else the embedded broker (logged). */
    AUTO,
    /** Testcontainers' {@code apache/kafka}; fails when there is no Docker engine or no Testcontainers. */
    TESTCONTAINERS;

    public static final String PROPERTY = "switchboard.test.kafka";

    /** The broker a test run gets. */
    enum Broker { EMBEDDED, CONTAINER }

    /** The mode a property value names; none (or blank) is {@link #EMBEDDED}. */
    public static KafkaMode parse(String value) {
        if (value == null || value.isBlank()) {
            return EMBEDDED;
        }
        String wanted = value.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(mode -> mode.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("-D" + PROPERTY + " must be one of " + names() + ", was " + value));
    }

    /** The mode of this JVM ({@code -Dswitchboard.test.kafka}). */
    public static KafkaMode fromSystemProperties() {
        return parse(System.getProperty(PROPERTY));
    }

    /** The broker this mode runs, given what the machine can do; {@code containers} is asked only when the mode needs it. */
    Broker broker(Supplier<ContainerSupport> containers) {
        if (this == EMBEDDED) {
            return Broker.EMBEDDED;
        }
        ContainerSupport support = containers.get();
        if (support == ContainerSupport.AVAILABLE) {
            return Broker.CONTAINER;
        }
        if (this == AUTO) {
            LoggerFactory.getLogger(KafkaMode.class).info("-D{}=auto and {}: the embedded broker it is", PROPERTY,
                    support == ContainerSupport.NO_DOCKER ? "no Docker engine answers" : "no Testcontainers on the classpath");
            return Broker.EMBEDDED;
        }
        throw new IllegalStateException(support == ContainerSupport.NO_TESTCONTAINERS
                ? "-D" + PROPERTY + "=testcontainers needs org.testcontainers:testcontainers-kafka on the test classpath "
                        + "(it comes with switchboard-testkit unless excluded)"
                : "-D" + PROPERTY + "=testcontainers but no Docker engine answers. Start one (Testcontainers' log above says "
                        + "what it tried), or run with -D" + PROPERTY + "=auto to take the embedded broker when there is none");
    }

    private static String names() {
        return Arrays.stream(values()).map(mode -> mode.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }
}
