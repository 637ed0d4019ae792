package dev.switchboard.kafka.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Immutable settings of an {@link EmbeddedKafkaCluster}. Build with {@link #custom()} or take
 * {@link #ofDefaults()}: one broker, free ports, a temporary data directory.
 */
public final class EmbeddedKafkaConfig {

    public static final int DEFAULT_BROKERS = 1;
    public static final int MAX_BROKERS = 9;
    public static final int DEFAULT_INTERNAL_TOPIC_PARTITIONS = 5;

    private final int brokers;
    private final int clientPort;
    private final Path dataDir;
    private final String clusterId;
    private final Duration startupTimeout;
    private final Map<String, String> brokerOverrides;
    private final Map<String, String> saslUsers;

    private EmbeddedKafkaConfig(Builder b) {
        this.brokers = b.brokers;
        this.clientPort = b.clientPort;
        this.dataDir = b.dataDir;
        this.clusterId = b.clusterId;
        this.startupTimeout = b.startupTimeout;
        this.brokerOverrides = Collections.unmodifiableMap(new LinkedHashMap<>(b.brokerOverrides));
        this.saslUsers = Collections.unmodifiableMap(new LinkedHashMap<>(b.saslUsers));
    }

    /** Users of the SASL/PLAIN client listener (name → password); empty means a plain PLAINTEXT listener. */
    public Map<String, String> saslUsers() {
        return saslUsers;
    }

    public static EmbeddedKafkaConfig ofDefaults() {
        return custom().buildConfig();
    }

    public static Builder custom() {
        return new Builder();
    }

    public int brokers() {
        return brokers;
    }

    /** Client port of node 1, or 0 for a free port. Nodes 2..N always take free ports. */
    public int clientPort() {
        return clientPort;
    }

    /** Where node data lives; {@code null} means a temporary directory deleted on close. */
    public Path dataDir() {
        return dataDir;
    }

    /** Cluster id to format new storage with; {@code null} means a random one. */
    public String clusterId() {
        return clusterId;
    }

    public Duration startupTimeout() {
        return startupTimeout;
    }

    /** Broker properties applied last, over the embedded defaults. */
    public Map<String, String> brokerOverrides() {
        return brokerOverrides;
    }

    /** Validating builder; {@link #build()} returns a cluster ready to {@link EmbeddedKafkaCluster#start()}. */
    public static final class Builder {
        private int brokers = DEFAULT_BROKERS;
        private int clientPort = 0;
        private Path dataDir;
        private String clusterId;
        private Duration startupTimeout = EmbeddedKafkaCluster.DEFAULT_STARTUP_TIMEOUT;
        private final Map<String, String> brokerOverrides = new LinkedHashMap<>();
        private final Map<String, String> saslUsers = new LinkedHashMap<>();

        private Builder() {
        }

        /** Clients must authenticate with SASL/PLAIN as one of these users; brokers talk to each other on an internal listener. */
        public Builder saslPlainUser(String user, String password) {
            this.saslUsers.put(user, password);
            return this;
        }

        public Builder brokers(int brokers) {
            this.brokers = brokers;
            return this;
        }

        public Builder clientPort(int clientPort) {
            this.clientPort = clientPort;
            return this;
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder clusterId(String clusterId) {
            this.clusterId = clusterId;
            return this;
        }

        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        public Builder brokerProperty(String key, String value) {
            this.brokerOverrides.put(key, value);
            return this;
        }

        public EmbeddedKafkaConfig buildConfig() {
            if (brokers < 1 || brokers > MAX_BROKERS) {
                throw new IllegalArgumentException("brokers must be between 1 and " + MAX_BROKERS + ", was " + brokers);
            }
            if (clientPort < 0 || clientPort > 65535) {
                throw new IllegalArgumentException("clientPort must be 0 (any free port) or a TCP port, was " + clientPort);
            }
            if (startupTimeout == null || startupTimeout.isNegative() || startupTimeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive, was " + startupTimeout);
            }
            return new EmbeddedKafkaConfig(this);
        }

        public EmbeddedKafkaCluster build() {
            return EmbeddedKafkaCluster.create(buildConfig());
        }
    }
}
