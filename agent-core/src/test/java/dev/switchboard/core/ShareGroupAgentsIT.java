package dev.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.DeadLetterHeaders;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.Ids;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.topic.AgentTopics;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.core.config.Consumption;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.core.config.WorkerConfig;
import dev.switchboard.core.runtime.AgentWorker;
import dev.switchboard.core.runtime.LlmGateway;
import dev.switchboard.core.testagents.Echo;
import dev.switchboard.core.testagents.ScriptedAgent;
import dev.switchboard.testkit.KafkaTest;
import dev.switchboard.testkit.TestKafka;
import dev.switchboard.testkit.TopicProbe;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code SWITCHBOARD_AGENT_CONSUMPTION=share} (decision 0038): workers of one agent take the records of one partition
 * between them, hold a record's lock while its model call outlasts it, set aside a record delivered too often, and
 * retry through the retry tiers. Every task is produced to partition 0.
 */
@KafkaTest
class ShareGroupAgentsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final TestKafka kafka;
    private final KafkaProducer<String, byte[]> producer;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    /** Lets go of agents still blocked in a task when a test ends. */
    private final CountDownLatch released = new CountDownLatch(1);

    ShareGroupAgentsIT(TestKafka kafka) {
        this.kafka = kafka;
        this.producer = new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void closeAll() throws Exception {
        released.countDown();
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

    /** The agent's topics with a one-partition task topic, which a consumer group could give to one worker only. */
    private TopicCatalogue onePartitionCatalogue(String agent) throws Exception {
        TopicCatalogue catalogue = TopicCatalogue.bundled().withAgent(agent, List.of("200ms"), 2);
        AgentTopics topics = catalogue.agent(agent);
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            new TopicProvisioner(admin).apply(TopicCatalogue.bundled());
            admin.createTopics(List.of(new NewTopic(topics.tasks().name(), 1, (short) 1),
                    new NewTopic(topics.retryTiers().get(0).topic().name(), 1, (short) 1),
                    new NewTopic(topics.deadLetters().name(), 1, (short) 1))).all().get(10, TimeUnit.SECONDS);
        }
        return catalogue;
    }

    private AgentWorker start(Agent<?> agent, TopicCatalogue catalogue, WorkerConfig.Builder worker) {
        AgentWorker w = AgentWorker.builder(agent).kafka(KafkaSettings.of(kafka.bootstrapServers())).topics(catalogue)
                .gateway(LlmGateway.create(LlmConfig.ofDefaults(), new SimpleMeterRegistry()))
                .worker(worker.consumption(Consumption.SHARE).build()).build().start();
        toClose.add(w);
        return w;
    }

    private static WorkerConfig.Builder oneAtATime() {
        return WorkerConfig.custom().concurrency(1);
    }

    private Task submit(AgentTopics topics, String text) throws Exception {
        Task task = Task.create(Ids.newId(), topics.agent(), Document.ofText(text), null, Instant.now(), Instant.now().plusSeconds(300));
        producer.send(new ProducerRecord<>(topics.tasks().name(), 0, task.jobId().toString(), Json.toBytes(task)))
                .get(10, TimeUnit.SECONDS);
        return task;
    }

    /** The results of {@code agent}'s tasks (the results topic is every test's). */
    private List<AgentResult> results(TopicCatalogue catalogue, String agent, int count) {
        TopicProbe probe = new TopicProbe(kafka, catalogue.results().name());
        toClose.add(probe);
        return probe.awaitMatching(r -> Json.fromBytes(r.value(), AgentResult.class).agent().equals(agent), count, WAIT).stream()
                .map(r -> Json.fromBytes(r.value(), AgentResult.class)).toList();
    }

    /** Blocks until the test ends, as a call that never returns would; interrupts do not end it. */
    private void blockUntilReleased() {
        while (true) {
            try {
                released.await();
                return;
            } catch (InterruptedException ignored) {
                // a worker shutting down interrupts its tasks: this one does not stop
            }
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldShareTheTasksOfOnePartitionAmongThreeWorkers() throws Exception {
        // Given three share-mode workers, one task at a time each, whose tasks finish only once all three are working
        String name = "shared-" + UUID.randomUUID().toString().substring(0, 8);
        TopicCatalogue catalogue = onePartitionCatalogue(name);
        Set<Integer> working = ConcurrentHashMap.newKeySet();
        CountDownLatch allThree = new CountDownLatch(3);
        List<ScriptedAgent> agents = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int worker = i;
            ScriptedAgent agent = new ScriptedAgent(name, (task, ctx) -> {
                if (working.add(worker)) {
                    allThree.countDown();
                }
                allThree.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                return new Echo(task.text(), task.attempt());
            });
            agents.add(agent);
            start(agent, catalogue, oneAtATime());
        }

        // When nine tasks are produced to the task topic's one partition
        for (int i = 0; i < 9; i++) {
            submit(catalogue.agent(name), "task " + i);
        }

        // Then every task is done once, and each worker did some
        assertThat(results(catalogue, name, 9)).allSatisfy(r -> assertThat(r.status()).isEqualTo(AgentResult.Status.OK));
        assertThat(allThree.getCount()).isZero();
        assertThat(agents).allSatisfy(a -> assertThat(a.calls()).isPositive());
        assertThat(agents.stream().mapToInt(ScriptedAgent::calls).sum()).isEqualTo(9);
    }

    @Test
    void shouldRenewTheLockOfATaskWhoseModelCallOutlastsIt() throws Exception {
        // Given a share group whose record lock is 2 s, and two workers whose model takes longer than that
        String name = "renewing-" + UUID.randomUUID().toString().substring(0, 8);
        TopicCatalogue catalogue = catalogue(name);
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, "switchboard-agent-" + name),
                    List.of(new AlterConfigOp(new ConfigEntry("share.record.lock.duration.ms", "2000"), AlterConfigOp.OpType.SET))))
                    .all().get(10, TimeUnit.SECONDS);
        }
        CountDownLatch answer = new CountDownLatch(1);
        ScriptedAgent first = slowModel(name, answer);
        ScriptedAgent second = slowModel(name, answer);
        start(first, catalogue, oneAtATime());
        start(second, catalogue, oneAtATime());

        // When a task's model call runs for two locks and more
        submit(catalogue.agent(name), "slow");
        await().atMost(WAIT).until(() -> first.calls() + second.calls() == 1);
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).until(() -> first.calls() + second.calls() == 1);
        answer.countDown();

        // Then it was delivered once, and completes once
        assertThat(results(catalogue, name, 1)).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(AgentResult.Status.OK));
        assertThat(first.calls() + second.calls()).isEqualTo(1);
    }

    private static ScriptedAgent slowModel(String name, CountDownLatch answer) {
        return new ScriptedAgent(name,
                (task, context) -> context.llm().generate(Prompt.forDocument("Echo.", "Echo the document.", task.text()), Echo.class),
                task -> {
                    answer.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                    return new Echo(task.text(), 1);
                });
    }

    @Test
    void shouldDeadLetterARecordDeliveredMoreThanMaxCrashesTimesAsPoison() throws Exception {
        // Given an agent that never finishes one task, and workers that allow two crashes per record
        String name = "doomed-" + UUID.randomUUID().toString().substring(0, 8);
        TopicCatalogue catalogue = catalogue(name);
        AgentTopics topics = catalogue.agent(name);
        ScriptedAgent agent = new ScriptedAgent(name, (task, ctx) -> {
            blockUntilReleased();
            return new Echo(task.text(), 1);
        });
        WorkerConfig.Builder fragile = oneAtATime().maxCrashes(2).drainTimeout(Duration.ofSeconds(1));
        Task doomed = submit(topics, "never ends");

        // When the worker holding it goes away twice while it runs
        for (int delivery = 1; delivery <= 2; delivery++) {
            AgentWorker worker = start(agent, catalogue, fragile);
            int expected = delivery;
            await().atMost(WAIT).until(() -> agent.calls() == expected);
            worker.close();
        }
        start(agent, catalogue, fragile);

        // Then its third delivery is dead-lettered as a poison record with a FAILED result, without running it again
        TopicProbe dlq = new TopicProbe(kafka, topics.deadLetters().name());
        toClose.add(dlq);
        ConsumerRecord<String, byte[]> letter = dlq.awaitMatching(r -> true, 1, WAIT).get(0);
        assertThat(header(letter, DeadLetterHeaders.ERROR_TYPE)).isEqualTo(DeadLetterHeaders.POISON_RECORD);
        assertThat(header(letter, DeadLetterHeaders.CRASHES)).isEqualTo("2");
        assertThat(results(catalogue, name, 1)).singleElement().satisfies(r -> {
            assertThat(r.taskId()).isEqualTo(doomed.taskId());
            assertThat(r.error().type()).isEqualTo(DeadLetterHeaders.POISON_RECORD);
        });
        assertThat(agent.calls()).isEqualTo(2);
    }

    @Test
    void shouldRetryATransientFailureThroughARetryTier() throws Exception {
        // Given a share-mode worker whose agent fails its first attempt transiently
        String name = "retrying-" + UUID.randomUUID().toString().substring(0, 8);
        TopicCatalogue catalogue = catalogue(name);
        ScriptedAgent agent = new ScriptedAgent(name, (task, ctx) -> {
            if (task.attempt() == 1) {
                throw new RetriableTaskException("the model is busy");
            }
            return new Echo(task.text(), task.attempt());
        });
        start(agent, catalogue, oneAtATime());

        // When a task arrives
        submit(catalogue.agent(name), "again");

        // Then its second attempt, from the retry tier, succeeds
        assertThat(results(catalogue, name, 1)).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(AgentResult.Status.OK));
        assertThat(agent.calls()).isEqualTo(2);
    }
}
