package dev.switchboard.kafka.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** The client and controller ports of every node, chosen once per cluster. */
final class NodePorts {
    private final List<Integer> clientPorts;
    private final List<Integer> internalPorts;
    private final int controllerPort;

    private NodePorts(List<Integer> clientPorts, List<Integer> internalPorts, int controllerPort) {
        this.clientPorts = clientPorts;
        this.internalPorts = internalPorts;
        this.controllerPort = controllerPort;
    }

    static NodePorts allocate(EmbeddedKafkaConfig config) {
        List<Integer> clients = new ArrayList<>();
        List<Integer> internal = new ArrayList<>();
        for (int node = 1; node <= config.brokers(); node++) {
            clients.add(node == 1 && config.clientPort() > 0 ? config.clientPort() : freePort());
            internal.add(config.saslUsers().isEmpty() ? -1 : freePort());
        }
        return new NodePorts(clients, internal, freePort());
    }

    /** The broker-to-broker listener's port, when clients use SASL; -1 otherwise. */
    int internalPort(int nodeId) {
        return internalPorts.get(nodeId - 1);
    }

    int clientPort(int nodeId) {
        return clientPorts.get(nodeId - 1);
    }

    int controllerPort() {
        return controllerPort;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new EmbeddedKafkaException("No free TCP port on the loopback interface", e);
        }
    }
}
