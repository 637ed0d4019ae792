package dev.switchboard.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The same message work with bare Kafka clients: 1 manifest + 3 tasks produced per job, three
 * consume-and-produce hops, a plain consumer that joins the three results and produces a report.
 * No HTTP, no transactions, no retries, no state store: the ceiling Switchboard is measured against.
 */
final class BaselineScenario {
    /**
     * The baseline of one bench run, measured when a scenario first needs it (the overhead, ingress and batch figures
     * all divide by it), then shared: every front door is compared with the same figure.
     */
    static final class Once {
        private final String bootstrap;
        private final int jobs;
        private final PrintStream out;
        private List<Double> runs;

        Once(String bootstrap, boolean quick, PrintStream out) {
            this.bootstrap = bootstrap;
            this.jobs = quick ? 50_000 : 100_000;
            this.out = out;
        }

        List<Double> runs() throws Exception {
            if (runs == null) {
                out.println("baseline: bare Kafka clients ...");
                runs = run(bootstrap, jobs);
            }
            return runs;
        }

        double median() throws Exception {
            return Stats.percentile(runs(), 50);
        }
    }

    /** Jobs per second of each measured run. */
    static List<Double> run(String bootstrap, int jobs) throws Exception {
        String prefix = "bench.baseline." + UUID.randomUUID().toString().substring(0, 6) + ".";
        String jobsTopic = prefix + "jobs";
        String results = prefix + "results";
        String reports = prefix + "reports";
        List<String> tasks = List.of(prefix + "tasks-a", prefix + "tasks-b", prefix + "tasks-c");
        Kafkas.createTopics(bootstrap, 6, jobsTopic, results, reports, tasks.get(0), tasks.get(1), tasks.get(2));
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            for (String task : tasks) {
                threads.add(loop(bootstrap, task, running, (r, p) ->
                        p.send(new ProducerRecord<>(results, r.key(), "{\"status\":\"OK\",\"output\":{\"ok\":\"ok\"}}".getBytes()))));
            }
            Map<String, Integer> counts = new HashMap<>();
            threads.add(loop(bootstrap, results, running, (r, p) -> {
                if (counts.merge(r.key(), 1, Integer::sum) == 3) {
                    counts.remove(r.key());
                    p.send(new ProducerRecord<>(reports, r.key(), "{\"status\":\"COMPLETED\"}".getBytes()));
                }
            }));
            Map<String, Long> reported = Kafkas.newSeen();
            try (Kafkas.Watcher watcher = new Kafkas.Watcher(bootstrap, reports, reported::putIfAbsent)) {
                Thread.sleep(3_000); // let the four consumers join their groups
                produce(producer, jobsTopic, tasks, reported, FrontDoorBench.WARMUP_RUNS * jobs); // the warm-up Switchboard gets
                List<Double> runs = new ArrayList<>();
                for (int i = 0; i < FrontDoorBench.RUNS; i++) {
                    runs.add(produce(producer, jobsTopic, tasks, reported, jobs));
                }
                return runs;
            }
        } finally {
            running.set(false);
            for (Thread t : threads) {
                t.join(5_000);
            }
        }
    }

    /** Produces {@code jobs} jobs and returns jobs ÷ (last report − first produce). */
    private static double produce(KafkaProducer<String, byte[]> producer, String jobsTopic, List<String> tasks, Map<String, Long> reported,
            int jobs) throws InterruptedException {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        long start = System.nanoTime();
        byte[] manifest = "{\"agents\":[\"a\",\"b\",\"c\"]}".getBytes();
        byte[] task = "{\"document\":{\"text\":\"benchmark\"}}".getBytes();
        for (int i = 0; i < jobs; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            producer.send(new ProducerRecord<>(jobsTopic, id, manifest));
            for (String t : tasks) {
                producer.send(new ProducerRecord<>(t, id, task));
            }
        }
        producer.flush();
        return Kafkas.rate(ids, reported, start);
    }

    private interface Step {
        void apply(ConsumerRecord<String, byte[]> record, KafkaProducer<String, byte[]> producer);
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
    }

    private static Thread loop(String bootstrap, String topic, AtomicBoolean running, Step step) {
        Thread t = new Thread(() -> {
            Map<String, Object> props = new HashMap<>();
            props.put("bootstrap.servers", bootstrap);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + topic);
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
                 KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
                consumer.subscribe(List.of(topic));
                while (running.get()) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                        step.apply(r, producer);
                    }
                }
            }
        }, "bench-" + topic);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
