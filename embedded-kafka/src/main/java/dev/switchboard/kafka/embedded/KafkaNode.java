package dev.switchboard.kafka.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One KRaft node: formats its storage once, then starts and stops Kafka's own server. */
final class KafkaNode {
    private static final Logger log = LoggerFactory.getLogger(KafkaNode.class);

    private final int nodeId;
    private final String clusterId;
    private final Map<String, String> properties;
    private KafkaRaftServer server;

    KafkaNode(int nodeId, String clusterId, Map<String, String> properties) {
        this.nodeId = nodeId;
        this.clusterId = clusterId;
        this.properties = Map.copyOf(properties);
    }

    int nodeId() {
        return nodeId;
    }

    String clientAddress() {
        String listener = properties.get("advertised.listeners").split(",")[0];
        return listener.substring(listener.indexOf("://") + 3);
    }

    synchronized void start() {
        if (server != null) {
            return;
        }
        formatIfNeeded();
        Properties props = new Properties();
        props.putAll(properties);
        KafkaRaftServer s = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        s.startup();
        server = s;
        log.debug("Kafka node {} started at {}", nodeId, clientAddress());
    }

    synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
        log.debug("Kafka node {} stopped", nodeId);
    }

    private void formatIfNeeded() {
        Path metadataDir = Path.of(properties.get("metadata.log.dir"));
        if (Files.exists(metadataDir.resolve("meta.properties"))) {
            return;
        }
        try {
            Path configFile = Files.createDirectories(metadataDir.getParent()).resolve("server.properties");
            Properties props = new Properties();
            props.putAll(properties);
            try (var out = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
                props.store(out, "embedded Kafka node " + nodeId);
            }
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            int code;
            try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
                code = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", configFile.toString()}, out);
            }
            if (code != 0) {
                throw new EmbeddedKafkaException("Formatting storage of node " + nodeId + " failed (exit " + code + "): "
                        + buffer.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Cannot prepare storage of node " + nodeId, e);
        } catch (Exception e) {
            if (e instanceof EmbeddedKafkaException ee) {
                throw ee;
            }
            throw new EmbeddedKafkaException("Formatting storage of node " + nodeId + " failed: " + e.getMessage(), e);
        }
    }
}
