package dev.switchboard.contracts.topic;

import dev.switchboard.contracts.message.Task;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The topics of one agent type: its task topic, one topic per retry tier, its dead-letter topic,
 * and how many attempts a task gets in all.
 */
public record AgentTopics(String agent, Topic<String, Task> tasks, List<RetryTier> retryTiers,
                          Topic<String, byte[]> deadLetters, int maxAttempts) {

    public AgentTopics {
        retryTiers = List.copyOf(retryTiers);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("agent " + agent + ": maxAttempts must be at least 1, was " + maxAttempts);
        }
    }

    /** The tier that a task whose attempt {@code failedAttempt} failed goes to, if it may be tried again. */
    public Optional<RetryTier> tierAfter(int failedAttempt) {
        if (failedAttempt >= maxAttempts || retryTiers.isEmpty()) {
            return Optional.empty();
        }
        int index = Math.min(failedAttempt - 1, retryTiers.size() - 1);
        return Optional.of(retryTiers.get(index));
    }

    /** The retry tier that owns a topic, if any. */
    public Optional<RetryTier> tierOf(String topic) {
        return retryTiers.stream().filter(t -> t.topic().name().equals(topic)).findFirst();
    }

    /** Every topic a worker of this agent consumes: the task topic and each retry tier. */
    public List<String> consumedTopics() {
        return Stream.concat(Stream.of(tasks.name()), retryTiers.stream().map(t -> t.topic().name())).toList();
    }

    Stream<TopicSpec> specs() {
        return Stream.concat(Stream.of(tasks.spec(), deadLetters.spec()), retryTiers.stream().map(t -> t.topic().spec()));
    }
}
