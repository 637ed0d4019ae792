package dev.switchboard.contracts.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How to reach Kafka: bootstrap servers plus any Kafka client property, passed through as given
 * ({@code SWITCHBOARD_KAFKA_SECURITY_PROTOCOL=SASL_SSL} → {@code security.protocol=SASL_SSL}), so
 * SASL and SSL clusters work without code.
 */
public record KafkaSettings(String bootstrapServers, Map<String, String> clientProperties) {
    public static final Setting<String> BOOTSTRAP_SERVERS = Setting.ofString("bootstrap.servers", "localhost:9092")
            .must("at least one host:port", s -> !s.isBlank());
    public static final String DEFAULT_BOOTSTRAP_SERVERS = BOOTSTRAP_SERVERS.defaultValue();
    private static final Set<String> SECRET_KEYS = Set.of("sasl.jaas.config", "ssl.key.password",
            "ssl.keystore.password", "ssl.truststore.password", "basic.auth.user.info");

    /** {@code clientProperties}: pass-through client properties (without bootstrap servers). */
    public KafkaSettings {
        bootstrapServers = BOOTSTRAP_SERVERS.check(bootstrapServers).trim();
        clientProperties = Collections.unmodifiableMap(new LinkedHashMap<>(clientProperties));
    }

    public static KafkaSettings of(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, Map.of());
    }

    public static KafkaSettings of(String bootstrapServers, Map<String, String> clientProperties) {
        return new KafkaSettings(bootstrapServers, clientProperties);
    }

    /** {@code bootstrap.servers} and every {@code kafka.*} key of the source. */
    public static KafkaSettings from(ConfigSource source) {
        return new KafkaSettings(BOOTSTRAP_SERVERS.read(source), source.withPrefix("kafka."));
    }

    /**
     * Consumer properties that the classic group protocol takes but a consumer-protocol (KIP-848)
     * group refuses: the broker decides them there.
     */
    public static final Set<String> CLASSIC_GROUP_ONLY = Set.of("session.timeout.ms", "heartbeat.interval.ms",
            "partition.assignment.strategy");

    /** Client properties for a consumer in a consumer-protocol group: the classic-only pass-through properties left out. */
    public Map<String, Object> consumerProtocolConfig(Map<String, Object> overrides) {
        Map<String, Object> props = clientConfig(overrides);
        CLASSIC_GROUP_ONLY.forEach(props::remove);
        return props;
    }

    /** Client properties ready for a Kafka client constructor, bootstrap servers included, overrides applied last. */
    public Map<String, Object> clientConfig(Map<String, Object> overrides) {
        Map<String, Object> props = new LinkedHashMap<>(clientProperties);
        props.put("bootstrap.servers", bootstrapServers);
        props.putAll(overrides);
        return props;
    }

    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        clientProperties.forEach((k, v) -> shown.put(k, SECRET_KEYS.contains(k) || k.contains("password") ? "****" : v));
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", clientProperties=" + shown + "]";
    }
}
