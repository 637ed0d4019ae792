package dev.switchboard.contracts.topic;

import java.util.Map;
import java.util.Objects;

/** How one topic must exist on the cluster: name, partitions, replication factor and configs. */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {
    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + ": partitions must be at least 1, was " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("topic " + name + ": replicationFactor must be at least 1, was " + replicationFactor);
        }
        configs = configs == null ? Map.of() : Map.copyOf(configs);
    }

    TopicSpec withReplicationFactor(short rf) {
        return new TopicSpec(name, partitions, rf, configs);
    }
}
