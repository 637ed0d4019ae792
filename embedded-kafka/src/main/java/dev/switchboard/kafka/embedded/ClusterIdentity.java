package dev.switchboard.kafka.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The cluster id lives in the data directory, so a cluster restarted on the same directory keeps
 * its id (and its formatted storage and topics).
 */
final class ClusterIdentity {
    private static final String FILE = "cluster.id";

    private ClusterIdentity() {
    }

    static String readOrCreate(Path dataDir, String requested) {
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                String existing = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (requested != null && !requested.equals(existing)) {
                    throw new EmbeddedKafkaException("Data directory " + dataDir + " belongs to cluster " + existing
                            + ", not " + requested + "; use another data directory or drop the cluster id");
                }
                return existing;
            }
            String id = requested != null ? requested : EmbeddedKafkaCluster.newClusterId();
            Files.writeString(file, id, StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Cannot read or write " + file, e);
        }
    }
}
