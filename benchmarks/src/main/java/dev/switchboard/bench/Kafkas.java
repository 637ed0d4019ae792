package dev.switchboard.bench;

import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.Ids;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.topic.AgentTopics;
import java.time.Duration;
import java.time.Instant;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

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
            this(bootstrap, List.of(topic), r -> onRecord.accept(r.key(), System.nanoTime()));
        }

        /** Reads {@code topics} from their start as a {@code read_committed} reader and hands each record over. */
        Watcher(String bootstrap, List<String> topics, java.util.function.Consumer<ConsumerRecord<String, byte[]>> onRecord) {
            Map<String, Object> props = new HashMap<>();
            props.put("bootstrap.servers", bootstrap);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-watch-" + UUID.randomUUID());
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(topics);
            thread = new Thread(() -> {
                try (consumer) {
                    while (running.get()) {
                        consumer.poll(Duration.ofMillis(50)).forEach(onRecord);
                    }
                }
            }, "bench-watch-" + topics.get(0));
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

    /**
     * Produces {@code tasks} one-document tasks for {@code t}'s agent, round-robin over its {@code partitions}, so each
     * process's share is equal by construction. With random job ids (what the orchestrator keys by) a few hundred tasks
     * land unevenly on 12 partitions, and the busiest process alone would set the drain time: sampling noise of a short
     * run, not the framework's behaviour. Adds each task's job id (the key of its result) to {@code ids}.
     */
    static void produceRoundRobin(String bootstrap, AgentTopics t, int partitions, int tasks, Set<String> ids) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new ByteArraySerializer())) {
            Instant now = Instant.now();
            for (int i = 0; i < tasks; i++) {
                Task task = Task.create(Ids.newId(), t.agent(), Document.ofText("t" + i), null, now, now.plusSeconds(600));
                ids.add(task.jobId().toString());
                producer.send(new ProducerRecord<>(t.tasks().name(), i % partitions, task.jobId().toString(),
                        t.tasks().valueSerde().serializer().serialize(t.tasks().name(), task)));
            }
        }
    }

    static Map<String, Long> newSeen() {
        return new ConcurrentHashMap<>();
    }
}
