package dev.switchboard.contracts.message;

import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serde for one Switchboard message type, through {@link Json}. Null stays null (tombstones). */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {
    private final Class<T> type;

    public JsonSerde(Class<T> type) {
        this.type = type;
    }

    public static <T> JsonSerde<T> of(Class<T> type) {
        return new JsonSerde<>(type);
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : Json.toBytes(data);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        T value;
        try {
            value = Json.fromBytes(data, type);
        } catch (UncheckedIOException | IllegalArgumentException | NullPointerException e) {
            throw new SerializationException("Record on " + topic + " is not a valid " + type.getSimpleName()
                    + ": " + rootMessage(e), e);
        }
        if (value instanceof Versioned v && (v.version() < 1 || v.version() > Versioned.CURRENT_VERSION)) {
            throw new SerializationException("Record on " + topic + " has " + type.getSimpleName() + " version " + v.version()
                    + "; this code reads versions 1 to " + Versioned.CURRENT_VERSION);
        }
        return value;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // nothing to configure: the type is fixed at construction
    }

    @Override
    public void close() {
        // nothing to release
    }
}
