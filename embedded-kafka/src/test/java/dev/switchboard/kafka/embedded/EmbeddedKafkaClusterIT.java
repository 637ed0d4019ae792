package dev.switchboard.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaClusterIT {

    @Test
    void shouldCommitAndAbortTransactionsOnASingleBroker() throws Exception {
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().build().start()) {
            createTopic(kafka, "tx-topic", 1, (short) 1);

            try (KafkaProducer<String, String> producer = transactionalProducer(kafka, "tx-1")) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("tx-topic", "k", "aborted"));
                producer.abortTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("tx-topic", "k", "committed"));
                producer.commitTransaction();
            }

            assertThat(readCommitted(kafka, "tx-topic", 1)).containsExactly("committed");
        }
    }

    @Test
    void shouldCreateTheCoordinatorTopicsBeforeAnyClientAsksSoConcurrentClientsDoNotRaceToCreateThem() throws Exception {
        // Given the broker's log watched from before it starts
        Logger kafkaLog = (Logger) LoggerFactory.getLogger("org.apache.kafka");
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        kafkaLog.addAppender(events);
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().build().start();
                Admin admin = Admin.create(Map.copyOf(kafka.clientProperties()))) {
            // When clients start together, as a demo's services do: transactional producers and consumer groups
            Set<String> internal = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(10, TimeUnit.SECONDS);
            ExecutorService clients = Executors.newFixedThreadPool(6);
            List<Future<?>> started = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String id = "racer-" + i;
                started.add(clients.submit(() -> {
                    try (KafkaProducer<String, String> producer = transactionalProducer(kafka, id)) {
                        producer.initTransactions();
                    }
                    try {
                        admin.describeConsumerGroups(List.of(id)).all().get(30, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        assertThat(e.getCause()).isInstanceOf(GroupIdNotFoundException.class); // the coordinator answered
                    }
                    return null;
                }));
            }
            for (Future<?> f : started) {
                f.get(60, TimeUnit.SECONDS);
            }
            clients.shutdown();

            // Then the topics were there before any client, and the broker never tried to create one twice
            assertThat(internal).contains("__consumer_offsets", "__transaction_state");
            assertThat(events.list).extracting(ILoggingEvent::getFormattedMessage)
                    .noneMatch(message -> message.contains("TOPIC_ALREADY_EXISTS"));
        } finally {
            kafkaLog.detachAppender(events);
        }
    }

    @Test
    void shouldKeepTopicsAndRecordsAcrossARestartOnTheSameDataDir(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().dataDir(dir).build().start()) {
            createTopic(kafka, "durable", 2, (short) 1);
            produce(kafka, "durable", "before-restart");
        }
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().dataDir(dir).build().start()) {
            assertThat(readCommitted(kafka, "durable", 1)).containsExactly("before-restart");
        }
    }

    @Test
    void shouldServeReplicatedTopicsWhileOneOfThreeBrokersIsDown() throws Exception {
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().brokers(3).build().start()) {
            assertThat(kafka.bootstrapServers().split(",")).hasSize(3);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                NewTopic topic = new NewTopic("replicated", 3, (short) 3).configs(Map.of("min.insync.replicas", "2"));
                admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            }
            kafka.stopBroker(3);
            produce(kafka, "replicated", "while-down");
            kafka.restartBroker(3);
            produce(kafka, "replicated", "after-restart");
            assertThat(readCommitted(kafka, "replicated", 2)).containsExactlyInAnyOrder("while-down", "after-restart");
        }
    }

    @Test
    void shouldRejectContradictorySettings() {
        assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().brokers(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("brokers must be between 1");
    }

    private static void createTopic(EmbeddedKafkaCluster kafka, String name, int partitions, short rf) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, rf))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static void produce(EmbeddedKafkaCluster kafka, String topic, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static KafkaProducer<String, String> transactionalProducer(EmbeddedKafkaCluster kafka, String txId) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, txId), new StringSerializer(), new StringSerializer());
    }

    private static List<String> readCommitted(EmbeddedKafkaCluster kafka, String topic, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            // one more short poll to catch anything unexpected beyond the expected count
            consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
        }
        return values;
    }
}
