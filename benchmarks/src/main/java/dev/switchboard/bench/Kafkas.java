package dev.switchboard.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Small Kafka helpers for the scenarios. */
final class Kafkas {
    private Kafkas() {
    }

    static void createTopics(String bootstrap, int partitions, String... names) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(java.util.Arrays.stream(names).map(n -> new NewTopic(n, partitions, (short) 1)).toList()).all().get();
        }
    }

    /** A background reader of a topic from its start that hands every record's key and arrival time to a callback. */
    static final class Watcher implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Watcher(String bootstrap, String topic, BiConsumer<String, Long> onRecord) {
            Map<String, Object> props = new HashMap<>();
            props.put("bootstrap.servers", bootstrap);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-watch-" + UUID.randomUUID());
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(topic));
            thread = new Thread(() -> {
                try (consumer) {
                    while (running.get()) {
                        consumer.poll(Duration.ofMillis(50)).forEach(r -> onRecord.accept(r.key(), System.nanoTime()));
                    }
                }
            }, "bench-watch-" + topic);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
        }
    }

    /** Waits until {@code seen} holds every key in {@code wanted}. */
    static void await(Set<String> wanted, Map<String, Long> seen, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!seen.keySet().containsAll(wanted)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + seen.keySet().stream().filter(wanted::contains).count() + " of "
                        + wanted.size() + " arrived within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    /** Waits (up to 5 minutes) until every key in {@code ids} was seen; returns ids per second from {@code startNanos} to the last. */
    static double rate(Set<String> ids, Map<String, Long> seen, long startNanos) throws InterruptedException {
        await(ids, seen, Duration.ofMinutes(5));
        long last = ids.stream().mapToLong(seen::get).max().orElseThrow();
        return ids.size() / ((last - startNanos) / 1e9);
    }

    static Map<String, Long> newSeen() {
        return new ConcurrentHashMap<>();
    }
}
