package dev.switchboard.orchestrator.port;

/**
 * A record of the job (a task, with its document JSON-escaped, the manifest or the event) is larger
 * once serialized than a Kafka record value may be. Thrown before anything of the job reaches
 * Kafka, or when Kafka refused the record as too large; either way nothing of the job is visible.
 */
public class JobTooLargeException extends JobRefusedException {
    private final String record;
    private final String topic;
    private final long serializedBytes;
    private final long maxBytes;

    public JobTooLargeException(String record, String topic, long serializedBytes, long maxBytes, Throwable cause) {
        super(message(record, topic, serializedBytes, maxBytes, cause != null), cause);
        this.record = record;
        this.topic = topic;
        this.serializedBytes = serializedBytes;
        this.maxBytes = maxBytes;
    }

    private static String message(String record, String topic, long size, long max, boolean refusedByKafka) {
        return refusedByKafka
                ? "Kafka refused the " + record + " (" + size + " bytes serialized) as too large for " + topic
                        + "; records there should take up to " + max + " bytes: does the topic's max.message.bytes match topics.yaml?"
                : "The " + record + " would be " + size + " bytes once serialized (text is JSON-escaped: quotes and"
                        + " backslashes take 2 bytes, control characters 6), over the limit of " + max + " bytes of " + topic;
    }

    /** Which record: {@code "task for agent 'sentiment'"}, {@code "manifest"}, {@code "SUBMITTED event"}. */
    public String record() {
        return record;
    }

    public String topic() {
        return topic;
    }

    public long serializedBytes() {
        return serializedBytes;
    }

    /** The largest record value the topic takes ({@code TopicCatalogue.maxValueBytes()}). */
    public long maxBytes() {
        return maxBytes;
    }
}
