package dev.switchboard.kafka.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The server.properties of one embedded node: where it listens and keeps data, then {@link BrokerBehaviour}, then the overrides. */
final class BrokerProperties {
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String CLIENT_LISTENER = "PLAINTEXT";
    static final String INTERNAL_LISTENER = "INTERNAL";
    static final String HOST = "127.0.0.1";

    private BrokerProperties() {
    }

    static Map<String, String> forNode(EmbeddedKafkaConfig config, int nodeId, NodePorts ports, Path nodeDir) {
        int brokers = config.brokers();
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

        p.putAll(BrokerBehaviour.forCluster(brokers));
        p.putAll(config.brokerOverrides());
        return p;
    }
}
