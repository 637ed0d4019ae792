package dev.switchboard.contracts.topic;

/** topics.yaml is invalid, or the cluster's topics disagree with it. The message says what to change. */
public class TopicConfigException extends RuntimeException {
    public TopicConfigException(String message) {
        super(message);
    }

    public TopicConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
