package dev.switchboard.kafka.embedded;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTransactionsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Has a fresh broker create {@code __consumer_offsets} and {@code __transaction_state} now, one at a time, before any
 * other client runs. The embedded broker does it at start; so does the test kit's container.
 *
 * <p>Kafka creates them on the first coordinator lookup. When several clients look one up at the same moment (a demo
 * starting its orchestrator, aggregator and agents together) two creations race and the broker logs a harmless but
 * alarming {@code TOPIC_ALREADY_EXISTS} warning. Admin's own retries of one lookup race the same way (a retry reaches the
 * broker after the controller created the topic but before the broker's metadata shows it). So each topic is asked
 * for by exactly one lookup that is never retried (its backoff outlasts its time limit); then this waits until the
 * broker's metadata lists the topic, and only then looks the coordinator up for real.
 *
 * <p>{@code __share_group_state} is not warmed up: every Admin call on share groups looks up the <em>group</em>
 * coordinator ({@code FindCoordinator} of type GROUP), none reaches the share coordinator that creates that topic.
 */
public final class CoordinatorTopics {
    /** The group and transactional id looked up; neither exists, and "no such group / id" is the expected answer. */
    static final String WARM_UP_ID = "switchboard-coordinator-warm-up";
    private static final Logger log = LoggerFactory.getLogger(CoordinatorTopics.class);
    /** The time limit of the one lookup that asks for a topic; its retry backoff ({@link #NO_RETRY}) is longer. */
    private static final Duration ONE_ASK = Duration.ofSeconds(2);
    private static final Duration NO_RETRY = Duration.ofSeconds(30);
    private static final Duration REASK_AFTER = Duration.ofSeconds(10);

    private CoordinatorTopics() {
    }

    /**
     * Looks up a group coordinator, then a transaction coordinator, both within {@code timeout} in all. A lookup that
     * runs out of time is logged, never thrown: clients still work, they may only race to create a topic.
     *
     * @param clientProperties properties that reach the cluster (bootstrap servers, any security settings)
     * @return whether both coordinators answered in time
     */
    public static boolean create(Map<String, Object> clientProperties, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, WARM_UP_ID);
        // The time limit goes on each call, not in default.api.timeout.ms: Admin refuses a default.api.timeout.ms set
        // below request.timeout.ms (30 s), and a short startup timeout would fall below it.
        Map<String, Object> once = new HashMap<>(props);
        once.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, (int) NO_RETRY.toMillis());
        once.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, (int) NO_RETRY.toMillis());
        try (Admin asker = Admin.create(once); Admin admin = Admin.create(props)) {
            return warmUp(asker, admin, "__consumer_offsets", deadline, (a, ms) -> a.describeConsumerGroups(List.of(WARM_UP_ID),
                            new DescribeConsumerGroupsOptions().timeoutMs(ms)).all())
                    && warmUp(asker, admin, "__transaction_state", deadline, (a, ms) -> a.describeTransactions(List.of(WARM_UP_ID),
                            new DescribeTransactionsOptions().timeoutMs(ms)).all());
        }
    }

    /** A coordinator lookup through an Admin, with a time limit in ms. */
    private interface Lookup {
        KafkaFuture<?> ask(Admin admin, int timeoutMs);
    }

    /** Has {@code topic} created by one lookup (unless it exists), waits for it in the metadata, then looks up for real. */
    private static boolean warmUp(Admin asker, Admin admin, String topic, long deadline, Lookup lookup) {
        long nextAsk = System.nanoTime();
        while (!listed(admin, topic, deadline)) {
            if (System.nanoTime() > deadline) {
                log.warn("Kafka did not create {} at start", topic);
                return false;
            }
            if (System.nanoTime() >= nextAsk) {
                // one FindCoordinator: the broker starts creating the topic and answers "not available" (a failure
                // here); asked again only if the topic has not shown up long after
                ask(asker, topic, lookup);
                nextAsk = System.nanoTime() + REASK_AFTER.toNanos();
            }
            EmbeddedKafkaCluster.sleepQuietly(50);
        }
        return lookUp(topic, deadline, ms -> lookup.ask(admin, ms));
    }

    private static void ask(Admin asker, String topic, Lookup lookup) {
        try {
            lookup.ask(asker, (int) ONE_ASK.toMillis()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("Interrupted while creating Kafka's internal topics", e);
        } catch (ExecutionException e) {
            log.debug("Coordinator lookup asking for {} answered {}", topic, e.getCause().toString());
        }
    }

    /** Whether the broker's metadata lists {@code topic} (Admin's metadata requests never create topics). */
    private static boolean listed(Admin admin, String topic, long deadline) {
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        try {
            return admin.listTopics(new ListTopicsOptions().listInternal(true).timeoutMs((int) Math.min(left, 5_000)))
                    .names().get().contains(topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("Interrupted while creating Kafka's internal topics", e);
        } catch (ExecutionException e) {
            log.debug("Listing topics failed: {}", e.getCause().toString());
            return false;
        }
    }

    /** One lookup with the time left before {@code deadline}; whether the coordinator answered. */
    private static boolean lookUp(String topic, long deadline, IntFunction<KafkaFuture<?>> lookup) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            log.warn("Kafka did not create {} at start: no time left", topic);
            return false;
        }
        try {
            lookup.apply((int) Math.min(left, Integer.MAX_VALUE)).get();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("Interrupted while creating Kafka's internal topics", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException) {
                log.warn("Kafka did not create {} at start: {}", topic, e.getCause().getMessage());
                return false;
            }
            // "no such group / transactional id" is the expected answer: the coordinator (and its topic) exists
            log.debug("Coordinator lookup for {} answered {}", topic, e.getCause().toString());
            return true;
        }
    }
}
