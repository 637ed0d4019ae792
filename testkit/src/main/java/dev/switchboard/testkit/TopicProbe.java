package dev.switchboard.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A {@code read_committed} reader of one topic from its beginning, for assertions: it keeps what
 * it has seen and polls for more until a condition holds or the timeout passes.
 */
public final class TopicProbe implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    public TopicProbe(TestKafka kafka, String topic) {
        Map<String, Object> props = new java.util.HashMap<>(kafka.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.consumer.subscribe(Set.of(topic));
    }

    /** Polls until at least {@code count} records seen so far match, then returns the matching ones. */
    public List<ConsumerRecord<String, byte[]>> awaitMatching(Predicate<ConsumerRecord<String, byte[]>> filter, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ConsumerRecord<String, byte[]>> matching = seen.stream().filter(filter).toList();
            if (matching.size() >= count) {
                return matching;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Saw " + matching.size() + " matching record(s) within " + timeout + ", wanted " + count
                        + " (" + seen.size() + " record(s) on the topic in all)");
            }
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
        }
    }

    /** Polls for {@code quiet} more and returns every matching record: for asserting that nothing more arrives. */
    public List<ConsumerRecord<String, byte[]>> settle(Predicate<ConsumerRecord<String, byte[]>> filter, Duration quiet) {
        long until = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < until) {
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
        }
        return seen.stream().filter(filter).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
