package dev.switchboard.orchestrator.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.config.KafkaSettings;
import dev.switchboard.core.message.Document;
import dev.switchboard.core.message.Ids;
import dev.switchboard.core.message.JobManifest;
import dev.switchboard.core.topic.TopicCatalogue;
import dev.switchboard.core.topic.TopicProvisioner;
import dev.switchboard.testkit.KafkaTest;
import dev.switchboard.testkit.TestKafka;
import dev.switchboard.testkit.TopicProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

@KafkaTest
class FanOutIT {
    private final TopicCatalogue topics = TopicCatalogue.bundled();

    @Test
    void shouldLeaveNothingVisibleToReadCommittedReadersWhenTheFanOutAborts(TestKafka kafka) {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            new TopicProvisioner(admin).apply(topics);
        }
        UUID jobId = Ids.newId();
        JobManifest manifest = JobManifest.create(jobId, List.of("sentiment", "entities", "summary"), Instant.now(),
                Instant.now().plusSeconds(60), null, Map.of());
        try (FanOut failing = new FanOut(KafkaSettings.of(kafka.bootstrapServers()), topics, "test-" + UUID.randomUUID(), 1, m -> {
            throw new IllegalStateException("crash between the sends and the commit");
        })) {
            assertThatThrownBy(() -> failing.submit(new FanOut.JobPlan(manifest, Document.ofText("x"))))
                    .isInstanceOf(FanOutException.class);
        }

        // the records were written, then aborted: read_uncommitted sees them, read_committed none
        String key = jobId.toString();
        List<String> all = List.of(topics.jobs().name(), topics.events().name(), topics.agent("sentiment").tasks().name(),
                topics.agent("entities").tasks().name(), topics.agent("summary").tasks().name());
        assertThat(readUncommitted(kafka, all, key)).hasSize(5);
        for (String topic : all) {
            try (TopicProbe committed = new TopicProbe(kafka, topic)) {
                assertThat(committed.settle(r -> r.key().equals(key), Duration.ofSeconds(1))).as(topic).isEmpty();
            }
        }
    }

    private static List<ConsumerRecord<String, byte[]>> readUncommitted(TestKafka kafka, List<String> topics, String key) {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "uncommitted-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        java.util.ArrayList<ConsumerRecord<String, byte[]>> seen = new java.util.ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(Set.copyOf(topics));
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (seen.size() < 5 && System.nanoTime() < until) {
                c.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        seen.add(r);
                    }
                });
            }
        }
        return seen;
    }
}
