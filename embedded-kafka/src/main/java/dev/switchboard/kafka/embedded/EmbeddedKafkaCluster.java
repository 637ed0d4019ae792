package dev.switchboard.kafka.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka cluster in this JVM, built from Kafka's own KRaft broker classes.
 *
 * <p>Node 1 is a combined broker and controller; nodes 2..N are brokers that use node 1 as their
 * controller quorum. Ports are free ports chosen at start and kept across {@link #stopBroker} /
 * {@link #restartBroker}, so clients keep working after a broker comes back. Internal topics
 * (offsets, transactions, share-group state) are replicated {@code min(3, N)} times, so
 * transactions and Kafka Streams {@code exactly_once_v2} work on a single broker.
 *
 * <pre>{@code
 * try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().build().start()) {
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final EmbeddedKafkaConfig config;
    private final Path dataDir;
    private final boolean deleteDataDirOnClose;
    private final List<KafkaNode> nodes = new ArrayList<>();
    private volatile boolean started;

    private EmbeddedKafkaCluster(EmbeddedKafkaConfig config) throws IOException {
        this.config = config;
        if (config.dataDir() == null) {
            this.dataDir = Files.createTempDirectory("switchboard-kafka-");
            this.deleteDataDirOnClose = true;
        } else {
            this.dataDir = Files.createDirectories(config.dataDir());
            this.deleteDataDirOnClose = false;
        }
    }

    public static EmbeddedKafkaConfig.Builder builder() {
        return EmbeddedKafkaConfig.custom();
    }

    /** Creates a cluster from a config; call {@link #start()} to run it. */
    public static EmbeddedKafkaCluster create(EmbeddedKafkaConfig config) {
        try {
            return new EmbeddedKafkaCluster(config);
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Cannot create the data directory " + config.dataDir(), e);
        }
    }

    /** Formats storage where needed, starts every node and waits until all brokers are registered. */
    public synchronized EmbeddedKafkaCluster start() {
        if (started) {
            return this;
        }
        long begin = System.nanoTime();
        NodePorts ports = NodePorts.allocate(config);
        String clusterId = ClusterIdentity.readOrCreate(dataDir, config.clusterId());
        for (int nodeId = 1; nodeId <= config.brokers(); nodeId++) {
            Map<String, String> props = BrokerProperties.forNode(config, nodeId, ports, dataDir.resolve("node-" + nodeId));
            nodes.add(new KafkaNode(nodeId, clusterId, props));
        }
        startNodes(nodes);
        started = true;
        long deadline = System.nanoTime() + config.startupTimeout().toNanos();
        awaitBrokers(config.brokers(), config.startupTimeout());
        // offsets and transaction topics now, before clients starting together race to create them
        CoordinatorTopics.create(clientProperties(), Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        log.info("Embedded Kafka ready: {} broker(s) at {} in {} ms (data in {})",
                config.brokers(), bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin), dataDir);
        return this;
    }

    private static void startNodes(List<KafkaNode> toStart) {
        // Node 1 hosts the controller; brokers 2..N block in startup until it answers,
        // so every node starts on its own thread.
        List<Thread> threads = new ArrayList<>();
        List<RuntimeException> failures = Collections.synchronizedList(new ArrayList<>());
        for (KafkaNode node : toStart) {
            Thread t = new Thread(() -> {
                try {
                    node.start();
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }, "embedded-kafka-start-" + node.nodeId());
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddedKafkaException("Interrupted while starting Kafka", e);
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            throw new EmbeddedKafkaException("Embedded Kafka failed to start: " + first.getMessage(), first);
        }
    }

    private void awaitBrokers(int expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties props = new Properties();
        props.putAll(clientProperties());
        try (Admin admin = Admin.create(props)) {
            while (true) {
                try {
                    int seen = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
                    if (seen >= expected) {
                        return;
                    }
                } catch (Exception e) {
                    log.debug("Cluster not ready yet: {}", e.toString());
                }
                if (System.nanoTime() > deadline) {
                    throw new EmbeddedKafkaException("Kafka brokers did not all register within " + timeout);
                }
                sleepQuietly(100);
            }
        }
    }

    /** Comma-separated host:port list of the running brokers' client listeners. */
    public String bootstrapServers() {
        return nodes.stream().map(KafkaNode::clientAddress).collect(Collectors.joining(","));
    }

    public int brokerCount() {
        return nodes.size();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Client properties that reach this cluster: bootstrap servers plus, with SASL, the first user's credentials. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.saslUsers().entrySet().stream().findFirst().ifPresent(u -> props.putAll(saslClientProperties(u.getKey(), u.getValue())));
        return props;
    }

    /** The client properties of a SASL/PLAIN user. */
    public static Map<String, String> saslClientProperties(String user, String password) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                        + "\" password=\"" + password + "\";");
    }

    /** Stops one node (1-based id) as a controlled shutdown; its port and data stay reserved. */
    public void stopBroker(int nodeId) {
        node(nodeId).stop();
    }

    /** Starts a node stopped by {@link #stopBroker} again, on the same port with the same data. */
    public void restartBroker(int nodeId) {
        node(nodeId).start();
    }

    private KafkaNode node(int nodeId) {
        if (nodeId < 1 || nodeId > nodes.size()) {
            throw new IllegalArgumentException("No broker " + nodeId + "; this cluster has nodes 1.." + nodes.size());
        }
        return nodes.get(nodeId - 1);
    }

    @Override
    public synchronized void close() {
        // Brokers first, the controller (node 1) last, so brokers can shut down in a controlled way.
        for (int i = nodes.size() - 1; i >= 0; i--) {
            try {
                nodes.get(i).stop();
            } catch (RuntimeException e) {
                log.warn("Broker {} did not stop cleanly", nodes.get(i).nodeId(), e);
            }
        }
        nodes.clear();
        started = false;
        if (deleteDataDirOnClose) {
            DataDirs.deleteRecursively(dataDir);
        }
    }

    static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("Interrupted", e);
        }
    }

    /** A random cluster id in the form Kafka's storage tool expects. */
    static String newClusterId() {
        return Uuid.randomUuid().toString();
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaCluster[" + Objects.toString(bootstrapServers(), "not started") + "]";
    }
}
