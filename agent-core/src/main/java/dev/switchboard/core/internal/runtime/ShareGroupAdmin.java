package dev.switchboard.core.internal.runtime;

import dev.switchboard.core.config.WorkerConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a share-group worker asks of the cluster besides its records: the group's configs, set at start (the group
 * config resource), and the group's backlog for the queue-depth signal, asked every few seconds without blocking.
 */
final class ShareGroupAdmin implements AutoCloseable {
    static final String AUTO_OFFSET_RESET = "share.auto.offset.reset";
    static final String ISOLATION_LEVEL = "share.isolation.level";
    static final String DELIVERY_COUNT_LIMIT = "share.delivery.count.limit";
    /** The broker's lowest {@code share.delivery.count.limit} ({@code group.share.min.delivery.count.limit}). */
    static final int MIN_DELIVERY_COUNT_LIMIT = 2;
    private static final Logger log = LoggerFactory.getLogger(ShareGroupAdmin.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Admin admin;
    private final String group;
    private final String topic;
    private final AtomicLong backlogShare = new AtomicLong();
    private final AtomicBoolean asking = new AtomicBoolean();

    ShareGroupAdmin(Admin admin, String group, String topic) {
        this.admin = admin;
        this.group = group;
        this.topic = topic;
    }

    /**
     * The delivery count limit that lets a record be delivered twice more than {@code maxCrashes} times: delivery
     * {@code maxCrashes + 1} is the one the worker dead-letters as {@code POISON_RECORD}, with our headers; the spare one
     * covers that delivery failing (dead-letter write failed: RELEASE; or its lock ran out), so the broker never
     * archives a record without a dead letter. {@link WorkerConfig#SHARE_MAX_CRASHES} keeps it within the broker's maximum.
     */
    static int deliveryCountLimit(int maxCrashes) {
        return Math.max(MIN_DELIVERY_COUNT_LIMIT, maxCrashes + 2);
    }

    /**
     * Sets the group's configs: from the earliest record (tasks produced before the first worker are not skipped),
     * committed records only (the orchestrator writes tasks in transactions), and the delivery count limit. Other group
     * configs (e.g. {@code share.record.lock.duration.ms}) are left as an operator set them.
     */
    void configure(int maxCrashes) throws InterruptedException, ExecutionException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
        List<AlterConfigOp> ops = List.of(
                set(AUTO_OFFSET_RESET, "earliest"),
                set(ISOLATION_LEVEL, "read_committed"),
                set(DELIVERY_COUNT_LIMIT, Integer.toString(deliveryCountLimit(maxCrashes))));
        admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
    }

    /**
     * This worker's share of the group's backlog: the group's lag on the task topic (records not yet acknowledged)
     * divided among its members, rounded up; so the sum over an agent's workers is the backlog, as in group mode.
     * The last answer; {@link #refresh} asks again.
     */
    long backlogShare() {
        return backlogShare.get();
    }

    /** Asks for the group's lag and members in the background; one question at a time, a failed one keeps the last value. */
    void refresh() {
        if (!asking.compareAndSet(false, true)) {
            return;
        }
        KafkaFuture<Map<TopicPartition, SharePartitionOffsetInfo>> offsets = admin.listShareGroupOffsets(
                Map.of(group, new ListShareGroupOffsetsSpec())).partitionsToOffsetInfo(group);
        KafkaFuture<Integer> members = admin.describeShareGroups(List.of(group)).describedGroups().get(group)
                .thenApply(g -> g.members().size());
        KafkaFuture.allOf(offsets, members).whenComplete((ignored, error) -> {
            try {
                if (error != null) {
                    log.debug("Backlog of share group {} not refreshed: {}", group, error.toString());
                    return;
                }
                backlogShare.set(share(lagOf(offsets.getNow(Map.of()).entrySet()), members.getNow(1)));
            } catch (InterruptedException | ExecutionException e) {
                log.debug("Backlog of share group {} not refreshed: {}", group, e.toString());
            } finally {
                asking.set(false);
            }
        });
    }

    private long lagOf(Collection<Map.Entry<TopicPartition, SharePartitionOffsetInfo>> partitions) {
        return partitions.stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().lag().orElse(0L)).sum();
    }

    static long share(long backlog, int members) {
        int n = Math.max(1, members);
        return (backlog + n - 1) / n;
    }

    @Override
    public void close() {
        admin.close(TIMEOUT);
    }
}
