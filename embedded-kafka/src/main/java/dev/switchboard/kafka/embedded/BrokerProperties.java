package dev.switchboard.kafka.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The server.properties of one embedded node. */
final class BrokerProperties {
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String CLIENT_LISTENER = "PLAINTEXT";
    static final String INTERNAL_LISTENER = "INTERNAL";
    static final String HOST = "127.0.0.1";

    private BrokerProperties() {
    }

    static Map<String, String> forNode(EmbeddedKafkaConfig config, int nodeId, NodePorts ports, Path nodeDir) {
        int brokers = config.brokers();
        String replicas = Integer.toString(Math.min(3, brokers));
        String minIsr = Integer.toString(Math.min(2, brokers));
        boolean controller = nodeId == 1;

        Map<String, String> p = new LinkedHashMap<>();
        p.put("node.id", Integer.toString(nodeId));
        p.put("process.roles", controller ? "broker,controller" : "broker");
        p.put("controller.quorum.voters", "1@" + HOST + ":" + ports.controllerPort());
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        String client = CLIENT_LISTENER + "://" + HOST + ":" + ports.clientPort(nodeId);
        String advertised = client;
        if (config.saslUsers().isEmpty()) {
            p.put("inter.broker.listener.name", CLIENT_LISTENER);
            p.put("listener.security.protocol.map", CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        } else {
            // clients authenticate with SASL/PLAIN; brokers talk on an internal PLAINTEXT listener
            String internal = INTERNAL_LISTENER + "://" + HOST + ":" + ports.internalPort(nodeId);
            advertised = client + "," + internal;
            p.put("inter.broker.listener.name", INTERNAL_LISTENER);
            p.put("listener.security.protocol.map", CLIENT_LISTENER + ":SASL_PLAINTEXT," + INTERNAL_LISTENER + ":PLAINTEXT,"
                    + CONTROLLER_LISTENER + ":PLAINTEXT");
            p.put("sasl.enabled.mechanisms", "PLAIN");
            StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
            config.saslUsers().forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
            p.put("listener.name." + CLIENT_LISTENER.toLowerCase(java.util.Locale.ROOT) + ".plain.sasl.jaas.config", jaas.append(';').toString());
        }
        String listeners = advertised;
        p.put("listeners", controller ? listeners + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + ports.controllerPort() : listeners);
        p.put("advertised.listeners", advertised);
        p.put("log.dirs", nodeDir.resolve("logs").toString());
        p.put("metadata.log.dir", nodeDir.resolve("metadata").toString());

        // Internal topics sized for one machine; replicated as far as the cluster allows.
        p.put("offsets.topic.replication.factor", replicas);
        p.put("offsets.topic.num.partitions", Integer.toString(EmbeddedKafkaConfig.DEFAULT_INTERNAL_TOPIC_PARTITIONS));
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", Integer.toString(EmbeddedKafkaConfig.DEFAULT_INTERNAL_TOPIC_PARTITIONS));
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("share.coordinator.state.topic.num.partitions", Integer.toString(EmbeddedKafkaConfig.DEFAULT_INTERNAL_TOPIC_PARTITIONS));

        // Topics are provisioned from topics.yaml, never created by accident.
        p.put("auto.create.topics.enable", "false");
        p.put("group.initial.rebalance.delay.ms", "0");
        // Consumer-protocol groups (KIP-848) hand out assignments on heartbeats: a 5 s default
        // interval makes every new member wait seconds for work on a single machine.
        p.put("group.consumer.min.heartbeat.interval.ms", "250");
        p.put("group.consumer.heartbeat.interval.ms", "500");
        // a killed member's partitions move after 10 s, not the 45 s production default
        p.put("group.consumer.min.session.timeout.ms", "6000");
        p.put("group.consumer.session.timeout.ms", "10000");
        p.put("group.share.min.heartbeat.interval.ms", "250");
        p.put("group.share.heartbeat.interval.ms", "500");
        // a share group may set a record lock as short as 1 s (the default stays 30 s): tests of lock renewal run in seconds
        p.put("group.share.min.record.lock.duration.ms", "1000");
        p.put("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
        p.putAll(config.brokerOverrides());
        return p;
    }
}
