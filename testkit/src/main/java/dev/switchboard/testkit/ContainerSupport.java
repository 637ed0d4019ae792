package dev.switchboard.testkit;

/** Whether this JVM can run a Kafka container: Testcontainers on the classpath, and a Docker engine that answers. */
enum ContainerSupport {
    AVAILABLE,
    /** Testcontainers is there, but no Docker engine answers. */
    NO_DOCKER,
    /** {@code org.testcontainers:testcontainers-kafka} is not on the test classpath (e.g. excluded from the test kit). */
    NO_TESTCONTAINERS;

    static final String TESTCONTAINERS_CLASS = "org.testcontainers.kafka.KafkaContainer";

    /** Looks for Testcontainers before touching it, so that a classpath without it never loads {@link ContainerKafka}. */
    static ContainerSupport probe() {
        try {
            Class.forName(TESTCONTAINERS_CLASS, false, ContainerSupport.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return NO_TESTCONTAINERS;
        }
        return ContainerKafka.dockerAvailable() ? AVAILABLE : NO_DOCKER;
    }
}
