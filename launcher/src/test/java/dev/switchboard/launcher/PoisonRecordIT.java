package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.topic.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record whose processing kills its process (here {@code Runtime.halt}, as the OOM killer or
 * SIGKILL would) is dead-lettered as {@code POISON_RECORD} after it was in flight during
 * {@code SWITCHBOARD_AGENT_MAX_CRASHES} crashes; the records behind it on its partition are done,
 * and its job completes as PARTIAL. The agent runs as a separate process that the test restarts.
 */
class PoisonRecordIT {
    private static final int MAX_CRASHES = 2;

    @Test
    void shouldDeadLetterARecordThatKillsItsProcessAfterMaxCrashesAndMoveThePartitionOn(@TempDir Path dir) throws Exception {
        Settings settings = new Settings().set("SWITCHBOARD_ORCHESTRATOR_PORT", 0);
        try (Stack stack = Stack.start(settings, dir, null); Processes p = new Processes(dir)) {
            Map<String, String> env = Map.of("SWITCHBOARD_BOOTSTRAP_SERVERS", stack.bootstrap(),
                    "SWITCHBOARD_AGENT_MAX_CRASHES", Integer.toString(MAX_CRASHES));
            p.startTestMain("halting-0", env, HaltingAgentMain.class);
            p.awaitLine("halting-0", "Halting agent is up", Duration.ofSeconds(90));
            ApiClient api = new ApiClient(stack.url(), null);
            // the orchestrator accepts the agent once it has announced itself
            Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> !api.submit("A first document.", List.of(HaltingAgentMain.NAME)).isEmpty());

            // Given a job whose task halts the agent's JVM, and jobs behind it on the same task partition
            String poisonJob = api.submit("Please " + HaltingAgentMain.MARK + " now.", List.of(HaltingAgentMain.NAME, "sentiment"));
            int partition = partitionOf(poisonJob);
            List<String> behind = new ArrayList<>();
            while (behind.size() < 2) {
                String job = api.submit("An ordinary document " + behind.size() + ".", List.of(HaltingAgentMain.NAME));
                if (partitionOf(job) == partition) {
                    behind.add(job);
                }
            }

            // When the test restarts the agent each time it dies
            int starts = 1;
            Optional<ConsumerRecord<String, byte[]>> deadLetter = Optional.empty();
            while (deadLetter.isEmpty() && starts <= MAX_CRASHES + 2) {
                String name = "halting-" + (starts - 1);
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                        .until(() -> p.exited(name) || poisonDeadLetter(stack.bootstrap(), poisonJob).isPresent());
                deadLetter = poisonDeadLetter(stack.bootstrap(), poisonJob);
                if (deadLetter.isEmpty()) {
                    p.startTestMain("halting-" + starts, env, HaltingAgentMain.class);
                    starts++;
                }
            }

            // Then after MAX_CRASHES crashes the record is in the DLQ as POISON_RECORD, with its crash count
            assertThat(deadLetter).as("poison record dead-lettered after %d starts", starts).isPresent();
            assertThat(header(deadLetter.get(), "switchboard.error.class")).isEqualTo("POISON_RECORD");
            assertThat(header(deadLetter.get(), "switchboard.crashes")).isEqualTo(Integer.toString(MAX_CRASHES));
            assertThat(starts).isEqualTo(MAX_CRASHES + 1);
            // and its job completes as PARTIAL, naming the error, while the jobs behind it on the partition complete
            Report poisoned = api.awaitReport(poisonJob, Duration.ofSeconds(120)).orElseThrow();
            assertThat(poisoned.status()).isEqualTo(Report.Status.PARTIAL);
            assertThat(poisoned.results().get(HaltingAgentMain.NAME).error().type()).isEqualTo("POISON_RECORD");
            for (String job : behind) {
                assertThat(api.awaitReport(job, Duration.ofSeconds(120)).orElseThrow().status()).isEqualTo(Report.Status.COMPLETED);
            }
        }
    }

    private static int partitionOf(String jobId) {
        int partitions = TopicCatalogue.bundled().withAgent(HaltingAgentMain.NAME).agent(HaltingAgentMain.NAME).tasks().spec().partitions();
        return Utils.toPositive(Utils.murmur2(jobId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private static Optional<ConsumerRecord<String, byte[]>> poisonDeadLetter(String bootstrap, String jobId) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        String dlq = TopicCatalogue.bundled().withAgent(HaltingAgentMain.NAME).agent(HaltingAgentMain.NAME).deadLetters().name();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> parts = c.partitionsFor(dlq).stream()
                    .map(i -> new org.apache.kafka.common.TopicPartition(dlq, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<org.apache.kafka.common.TopicPartition, Long> ends = c.endOffsets(parts);
            List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (parts.stream().anyMatch(tp -> c.position(tp) < ends.get(tp)) && System.nanoTime() < until) {
                c.poll(Duration.ofMillis(200)).forEach(all::add);
            }
            return all.stream().filter(r -> jobId.equals(r.key())).findFirst();
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
