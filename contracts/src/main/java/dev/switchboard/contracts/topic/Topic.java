package dev.switchboard.contracts.topic;

import org.apache.kafka.common.serialization.Serde;

/** A topic with its key and value types: the only way code names a Switchboard topic. */
public record Topic<K, V>(TopicSpec spec, Serde<K> keySerde, Serde<V> valueSerde) {
    public String name() {
        return spec.name();
    }

    @Override
    public String toString() {
        return spec.name();
    }
}
