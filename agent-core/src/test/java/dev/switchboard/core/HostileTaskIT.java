package dev.switchboard.core;

import dev.switchboard.core.runtime.AgentWorker;
import dev.switchboard.core.runtime.LlmGateway;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.core.config.WorkerConfig;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.Ids;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.core.testagents.Echo;
import dev.switchboard.core.testagents.ScriptedAgent;
import dev.switchboard.contracts.topic.AgentTopics;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.kafka.embedded.EmbeddedKafkaCluster;
import dev.switchboard.testkit.KafkaTest;
import dev.switchboard.testkit.TestKafka;
import dev.switchboard.testkit.TopicProbe;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No single task stops a worker: whatever an agent or its offline model throws (errors included),
 * however large its output, however hostile a record's headers, the task ends as that task's
 * FAILED result plus a dead letter, and the worker goes on with the records behind it.
 */
@KafkaTest
class HostileTaskIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final TestKafka kafka;
    private final KafkaProducer<String, byte[]> producer;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    HostileTaskIT(TestKafka kafka) {
        this.kafka = kafka;
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, TopicCatalogue.bundled().maxMessageBytes());
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        producer.close();
    }

    private TopicCatalogue catalogue(String agent) {
        TopicCatalogue catalogue = TopicCatalogue.bundled().withAgent(agent, List.of("200ms"), 2);
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            new TopicProvisioner(admin).apply(catalogue);
        }
        return catalogue;
    }

    private AgentWorker start(Agent<?> agent, TopicCatalogue catalogue, LlmConfig llm) {
        AgentWorker w = AgentWorker.builder(agent).kafka(KafkaSettings.of(kafka.bootstrapServers())).topics(catalogue)
                .gateway(LlmGateway.create(llm, new SimpleMeterRegistry())).worker(WorkerConfig.ofDefaults()).build().start();
        toClose.add(w);
        return w;
    }

    private Task submit(AgentTopics topics, String text) throws Exception {
        Task task = Task.create(Ids.newId(), topics.agent(), Document.ofText(text), null, Instant.now(), Instant.now().plusSeconds(300));
        // every task on partition 0: the hostile one stands in front of the ordinary one
        producer.send(new ProducerRecord<>(topics.tasks().name(), 0, task.jobId().toString(),
                Json.toBytes(task))).get(10, TimeUnit.SECONDS);
        return task;
    }

    private AgentResult resultOf(TopicCatalogue catalogue, Task task) {
        TopicProbe probe = new TopicProbe(kafka, catalogue.results().name());
        toClose.add(probe);
        return Json.fromBytes(probe.awaitMatching(r -> r.key().equals(task.jobId().toString()), 1, WAIT).get(0).value(),
                AgentResult.class);
    }

    private List<ConsumerRecord<String, byte[]>> deadLetters(AgentTopics topics, int count) {
        TopicProbe probe = new TopicProbe(kafka, topics.deadLetters().name());
        toClose.add(probe);
        return probe.awaitMatching(r -> true, count, WAIT);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    @Test
    void shouldFailATaskWhoseAgentThrowsAnErrorAndKeepConsuming() throws Exception {
        // Given an agent that overflows its stack on one document and runs out of memory on another
        String name = "crashy-" + UUID.randomUUID().toString().substring(0, 8);
        TopicCatalogue catalogue = catalogue(name);
        ScriptedAgent agent = new ScriptedAgent(name, (task, ctx) -> switch (task.text()) {
            case "overflow" -> new Echo("" + recurse(0), 1);
            case "oom" -> new Echo("" + new long[Integer.MAX_VALUE - 8].length, 1);
            default -> new Echo(task.text(), task.attempt());
        });
        AgentWorker worker = start(agent, catalogue, LlmConfig.ofDefaults());
        AgentTopics topics = catalogue.agent(name);

        // When both come before an ordinary task on the same partition
        Task overflow = submit(topics, "overflow");
        Task oom = submit(topics, "oom");
        Task ordinary = submit(topics, "ordinary");

        // Then each hostile task is FAILED with AGENT_CRASHED and dead-lettered, once, and the ordinary one is done
        assertThat(resultOf(catalogue, overflow).error().type()).isEqualTo("AGENT_CRASHED");
        AgentResult oomResult = resultOf(catalogue, oom);
        assertThat(oomResult.error().type()).isEqualTo("AGENT_CRASHED");
        assertThat(oomResult.error().message()).contains("OutOfMemoryError");
        assertThat(resultOf(catalogue, ordinary).status()).isEqualTo(AgentResult.Status.OK);
        assertThat(deadLetters(topics, 2)).extracting(r -> header(r, "switchboard.error.message"))
                .anySatisfy(m -> assertThat(m).contains("StackOverflowError"))
                .anySatisfy(m -> assertThat(m).contains("OutOfMemoryError"));
        assertThat(agent.calls()).isEqualTo(3);
        assertThat(worker.isStopped()).isFalse();
    }

    @Test
    void shouldFailATaskWhoseOfflineModelCrashesOrRunsPastItsTimeBudget() throws Exception {
        // Given an agent whose offline model overflows its stack on one document and never returns on another
        String name = "offline-" + UUID.randomUUID().toString().substring(0, 8);
        TopicCatalogue catalogue = catalogue(name);
        Agent<Echo> agent = new ScriptedAgent(name,
                (task, context) -> context.llm().generate(Prompt.forDocument("Echo.", "Echo the document.", task.text()), Echo.class),
                task -> {
                    if (task.text().equals("overflow")) {
                        return new Echo("" + recurse(0), 1);
                    }
                    while (task.text().equals("hang")) {
                        Thread.onSpinWait(); // ignores interrupts, like a runaway regex
                    }
                    return new Echo(task.text(), 1);
                });
        start(agent, catalogue, LlmConfig.custom().timeout(Duration.ofSeconds(2)).build());
        AgentTopics topics = catalogue.agent(name);

        // When
        Task overflow = submit(topics, "overflow");
        Task hang = submit(topics, "hang");
        Task ordinary = submit(topics, "ordinary");

        // Then
        assertThat(resultOf(catalogue, overflow).error().type()).isEqualTo("AGENT_CRASHED");
        AgentResult hung = resultOf(catalogue, hang);
        assertThat(hung.error().type()).isEqualTo("AGENT_CRASHED");
        assertThat(hung.error().message()).contains("time budget");
        assertThat(resultOf(catalogue, ordinary).status()).isEqualTo(AgentResult.Status.OK);
    }

    @Test
    void shouldFailAnOutputTooLargeForTheResultsTopicAndTruncateADeadLetterCopyTooLargeForItsTopic() throws Exception {
        // Given an agent that answers with more than the results topic takes, and fails permanently on a huge task
        String name = "bloated-" + UUID.randomUUID().toString().substring(0, 8);
        TopicCatalogue catalogue = catalogue(name);
        int limit = catalogue.maxValueBytes();
        ScriptedAgent agent = new ScriptedAgent(name, (task, ctx) -> {
            if (task.text().startsWith("huge")) {
                throw new NonRetriableTaskException(dev.switchboard.contracts.message.ErrorType.INVALID_INPUT, "x".repeat(5000));
            }
            return task.text().equals("bloat") ? new Echo("z".repeat(limit), 1) : new Echo("fine", 1);
        });
        start(agent, catalogue, LlmConfig.ofDefaults());
        AgentTopics topics = catalogue.agent(name);

        // When a task's output is too large, and a task record as large as the topic takes (with hostile headers) fails
        Task bloat = submit(topics, "bloat");
        Task huge = Task.create(Ids.newId(), name, Document.ofText("huge" + "h".repeat(limit - 1000)), null, Instant.now(),
                Instant.now().plusSeconds(300));
        byte[] hugeValue = Json.toBytes(huge);
        RecordHeaders hostileHeaders = new RecordHeaders();
        hostileHeaders.add("x-junk", new byte[20_000]);
        producer.send(new ProducerRecord<>(topics.tasks().name(), 0, huge.jobId().toString(), hugeValue, hostileHeaders))
                .get(10, TimeUnit.SECONDS);
        Task ordinary = submit(topics, "ordinary");

        // Then the first is FAILED with OUTPUT_TOO_LARGE, the second is dead-lettered truncated, and the worker goes on
        AgentResult tooLarge = resultOf(catalogue, bloat);
        assertThat(tooLarge.error().type()).isEqualTo("OUTPUT_TOO_LARGE");
        assertThat(tooLarge.error().message()).contains(Integer.toString(limit));
        assertThat(resultOf(catalogue, huge).error().type()).isEqualTo("INVALID_INPUT");
        ConsumerRecord<String, byte[]> truncated = deadLetters(topics, 2).stream()
                .filter(r -> r.key().equals(huge.jobId().toString())).findFirst().orElseThrow();
        assertThat(header(truncated, "switchboard.truncated")).isEqualTo("true");
        assertThat(header(truncated, "switchboard.original.bytes")).isEqualTo(Integer.toString(hugeValue.length));
        assertThat(header(truncated, "switchboard.headers.dropped")).isNotNull();
        assertThat(truncated.headers().lastHeader("x-junk")).isNull();
        assertThat(truncated.value().length).isLessThan(hugeValue.length);
        assertThat(resultOf(catalogue, ordinary).status()).isEqualTo(AgentResult.Status.OK);
    }

    @Test
    void shouldDeadLetterATaskWhoseFailedResultCouldNotBeWrittenAndGoOn() throws Exception {
        // Given a task whose agent name is 1.9 MB: wrong for this topic, and too large to repeat in a FAILED result
        String name = "named-" + UUID.randomUUID().toString().substring(0, 8);
        TopicCatalogue catalogue = catalogue(name);
        ScriptedAgent agent = ScriptedAgent.echo(name);
        AgentWorker worker = start(agent, catalogue, LlmConfig.ofDefaults());
        AgentTopics topics = catalogue.agent(name);
        Task hostile = new Task(1, Ids.newId(), Ids.newId(), "n".repeat(catalogue.maxValueBytes() - 2000), 1,
                Document.ofText("x"), null, Instant.now(), Instant.now().plusSeconds(300));
        producer.send(new ProducerRecord<>(topics.tasks().name(), 0, hostile.jobId().toString(), Json.toBytes(hostile)))
                .get(10, TimeUnit.SECONDS);

        // When an ordinary task follows on the same partition
        Task ordinary = submit(topics, "ordinary");

        // Then the hostile one is dead-lettered (its result could not be written) and the worker goes on
        assertThat(resultOf(catalogue, ordinary).status()).isEqualTo(AgentResult.Status.OK);
        assertThat(deadLetters(topics, 1)).extracting(ConsumerRecord::key).containsExactly(hostile.jobId().toString());
        assertThat(worker.isStopped()).isFalse();
        assertThat(agent.calls()).isEqualTo(1);
    }

    @Test
    void shouldNotHoldARetryPartitionForAHostileRetryDueHeader() throws Exception {
        // Given a task on a 200 ms retry tier whose due header says the year 2286
        String name = "patient-" + UUID.randomUUID().toString().substring(0, 8);
        TopicCatalogue catalogue = catalogue(name);
        ScriptedAgent agent = ScriptedAgent.echo(name);
        start(agent, catalogue, LlmConfig.ofDefaults());
        AgentTopics topics = catalogue.agent(name);
        Task task = Task.create(Ids.newId(), name, Document.ofText("retry me"), null, Instant.now(), Instant.now().plusSeconds(300))
                .nextAttempt();
        RecordHeaders headers = new RecordHeaders();
        headers.add("switchboard.retry.due", "9999999999999".getBytes(StandardCharsets.US_ASCII));
        producer.send(new ProducerRecord<>(topics.retryTiers().get(0).topic().name(), 0, task.jobId().toString(),
                Json.toBytes(task), headers)).get(10, TimeUnit.SECONDS);

        // Then it runs after the tier's delay, not in 2286
        AgentResult result = resultOf(catalogue, task);
        assertThat(result.status()).isEqualTo(AgentResult.Status.OK);
        assertThat(result.attempts()).isEqualTo(2);
    }

    @Test
    void shouldShutDownWithinTheDrainTimeoutWhenTheBrokerIsGone(@TempDir Path dir) throws Exception {
        // Given a worker on a cluster of its own, busy with a task, then the broker stops
        try (EmbeddedKafkaCluster own = EmbeddedKafkaCluster.builder().dataDir(dir).build().start()) {
            String name = "stranded-" + UUID.randomUUID().toString().substring(0, 8);
            TopicCatalogue catalogue = TopicCatalogue.bundled().withAgent(name, List.of("1s"), 2);
            ScriptedAgent agent = ScriptedAgent.echo(name);
            Duration drain = Duration.ofSeconds(3);
            TopicProvisioner.provision(KafkaSettings.of(own.bootstrapServers()), catalogue);
            AgentWorker worker = AgentWorker.builder(agent).kafka(KafkaSettings.of(own.bootstrapServers())).topics(catalogue)
                    .gateway(LlmGateway.create(LlmConfig.ofDefaults(), new SimpleMeterRegistry()))
                    .worker(WorkerConfig.custom().drainTimeout(drain).heartbeatInterval(Duration.ofMillis(200)).build()).build().start();
            try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(own.clientProperties(), new StringSerializer(),
                    new ByteArraySerializer())) {
                Task task = Task.create(Ids.newId(), name, Document.ofText("x"), null, Instant.now(), Instant.now().plusSeconds(60));
                p.send(new ProducerRecord<>(catalogue.agent(name).tasks().name(), task.jobId().toString(), Json.toBytes(task))).get();
            }
            await().atMost(WAIT).until(() -> agent.calls() == 1);
            own.stopBroker(1);

            // When it is closed
            long start = System.nanoTime();
            worker.close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            // Then it is done within the drain timeout (and a little scheduling slack), not after a minute of metadata waits
            assertThat(took).isLessThan(drain.plusSeconds(2));
            assertThat(worker.isStopped()).isTrue();
        }
    }
}
