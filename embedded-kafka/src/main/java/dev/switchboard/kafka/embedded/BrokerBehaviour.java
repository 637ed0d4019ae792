package dev.switchboard.kafka.embedded;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The broker settings Switchboard's tests and dev runs rely on, apart from where a broker listens and keeps its data:
 * internal topics sized for one machine, no topic created by accident, groups that form at once and hand out work
 * within a second, share-group record locks as short as 1 s. The embedded broker applies them to every node; a broker
 * started another way for the same tests (the test kit's container) applies the same map, so both behave alike.
 */
public final class BrokerBehaviour {
    private BrokerBehaviour() {
    }

    /** The settings for a cluster of {@code brokers} brokers: internal topics replicated as far as it allows. */
    public static Map<String, String> forCluster(int brokers) {
        if (brokers < 1) {
            throw new IllegalArgumentException("brokers must be at least 1, was " + brokers);
        }
        String replicas = Integer.toString(Math.min(3, brokers));
        String minIsr = Integer.toString(Math.min(2, brokers));
        String partitions = Integer.toString(EmbeddedKafkaConfig.DEFAULT_INTERNAL_TOPIC_PARTITIONS);

        Map<String, String> p = new LinkedHashMap<>();
        p.put("offsets.topic.replication.factor", replicas);
        p.put("offsets.topic.num.partitions", partitions);
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", partitions);
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("share.coordinator.state.topic.num.partitions", partitions);

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
        return Collections.unmodifiableMap(p);
    }
}
