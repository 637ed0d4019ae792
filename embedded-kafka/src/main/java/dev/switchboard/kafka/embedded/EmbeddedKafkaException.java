package dev.switchboard.kafka.embedded;

/** The embedded cluster could not be created, started or stopped. */
public class EmbeddedKafkaException extends RuntimeException {
    public EmbeddedKafkaException(String message) {
        super(message);
    }

    public EmbeddedKafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
