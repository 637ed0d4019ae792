package dev.switchboard.core;

import dev.switchboard.core.runtime.AgentWorker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.core.config.WorkerConfig;
import dev.switchboard.contracts.message.AgentRegistration;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.DeadLetterHeaders;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.ErrorType;
import dev.switchboard.contracts.message.Ids;
import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.core.testagents.Echo;
import dev.switchboard.core.testagents.ScriptedAgent;
import dev.switchboard.contracts.topic.AgentTopics;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.testkit.KafkaTest;
import dev.switchboard.testkit.TestKafka;
import dev.switchboard.testkit.TopicProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The agent runtime on a real broker: flow, retries, dead letters, crashes, concurrency. */
@KafkaTest
class AgentWorkerIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final TestKafka kafka;
    private final KafkaProducer<String, byte[]> producer;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    AgentWorkerIT(TestKafka kafka) {
        this.kafka = kafka;
        this.producer = new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        producer.close();
    }

    private static String uniqueAgent(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private TopicCatalogue catalogue(String agent, List<String> tiers, int maxAttempts) {
        TopicCatalogue catalogue = TopicCatalogue.bundled().withAgent(agent, tiers, maxAttempts);
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            new TopicProvisioner(admin).apply(catalogue);
        }
        return catalogue;
    }

    private AgentWorker start(Agent<?> agent, TopicCatalogue catalogue, WorkerConfig worker) {
        AgentWorker w = AgentWorker.builder(agent)
                .kafka(KafkaSettings.of(kafka.bootstrapServers()))
                .topics(catalogue)
                .worker(worker)
                .build()
                .start();
        toClose.add(w);
        return w;
    }

    private TopicProbe probe(String topic) {
        TopicProbe probe = new TopicProbe(kafka, topic);
        toClose.add(probe);
        return probe;
    }

    private Task submit(AgentTopics topics, String text, Instant deadline) throws Exception {
        return submit(topics, Task.create(Ids.newId(), topics.agent(), Document.ofText(text), null, Instant.now(), deadline));
    }

    private Task submit(AgentTopics topics, Task task) throws Exception {
        producer.send(new ProducerRecord<>(topics.tasks().name(), task.jobId().toString(),
                topics.tasks().valueSerde().serializer().serialize(topics.tasks().name(), task))).get(10, TimeUnit.SECONDS);
        return task;
    }

    private Task submit(AgentTopics topics, String text) throws Exception {
        return submit(topics, text, Instant.now().plusSeconds(300));
    }

    private static <T> T value(ConsumerRecord<String, byte[]> record, Class<T> type) {
        return Json.fromBytes(record.value(), type);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static boolean resultOf(ConsumerRecord<String, byte[]> r, Set<UUID> jobIds) {
        return jobIds.contains(UUID.fromString(r.key()));
    }

    @Test
    void shouldPublishTheResultOfATaskKeyedByJobIdWithItsTaskIdAndAnEvent() throws Exception {
        String name = uniqueAgent("echo");
        TopicCatalogue catalogue = catalogue(name, List.of("1s"), 2);
        start(ScriptedAgent.echo(name), catalogue, WorkerConfig.ofDefaults());

        Task task = submit(catalogue.agent(name), "hello");

        ConsumerRecord<String, byte[]> record = probe(catalogue.results().name())
                .awaitMatching(r -> r.key().equals(task.jobId().toString()), 1, WAIT).get(0);
        AgentResult result = value(record, AgentResult.class);
        assertThat(result.status()).isEqualTo(AgentResult.Status.OK);
        assertThat(result.taskId()).isEqualTo(task.taskId());
        assertThat(result.agent()).isEqualTo(name);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.model()).isEqualTo("offline");
        assertThat(Json.fromTree(result.output(), Echo.class)).isEqualTo(new Echo("hello", 1));
        assertThat(header(record, "traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[13]"); // sampled (random trace id)

        JobEvent event = value(probe(catalogue.events().name())
                .awaitMatching(r -> r.key().equals(task.jobId().toString()), 1, WAIT).get(0), JobEvent.class);
        assertThat(event.type()).isEqualTo(JobEvent.Type.TASK_COMPLETED);
        assertThat(event.taskId()).isEqualTo(task.taskId());
    }

    @Test
    void shouldGiveAnAgentTheInputsOfItsTaskAndFailItForGoodWhenItNeedsAFailedOne() throws Exception {
        // Given an agent that needs 'upstream' (decision 0030), with retry tiers it could use
        String name = uniqueAgent("joiner");
        TopicCatalogue catalogue = catalogue(name, List.of("200ms"), 3);
        ScriptedAgent agent = new ScriptedAgent(name, (task, ctx) ->
                new Echo(task.text() + " + " + ctx.input("upstream", Echo.class).text(), task.attempt()));
        start(agent, catalogue, WorkerConfig.ofDefaults());
        AgentTopics topics = catalogue.agent(name);
        Instant now = Instant.now();
        Task upstream = Task.create(Ids.newId(), "upstream", Document.ofText("doc"), null, now, now.plusSeconds(300));

        // When one task arrives with the upstream agent's OK result and one with its FAILED result, as the aggregator
        // releases them
        Task withOk = submit(topics, Task.create(Ids.newId(), name, Document.ofText("doc"), null, now, now.plusSeconds(300))
                .withInputs(Map.of("upstream", AgentResult.ok(upstream, Json.toTree(new Echo("its output", 1)), "offline",
                        null, now, now))));
        Task withFailed = submit(topics, Task.create(Ids.newId(), name, Document.ofText("doc"), null, now, now.plusSeconds(300))
                .withInputs(Map.of("upstream", AgentResult.failed(upstream,
                        dev.switchboard.contracts.message.ErrorInfo.of(ErrorType.AGENT_ERROR, "upstream broke"), "offline",
                        null, now, now))));

        // Then the first reached the agent's context and the second failed at once, INPUT_FAILED, never retried
        TopicProbe results = probe(catalogue.results().name());
        AgentResult ok = value(results.awaitMatching(r -> r.key().equals(withOk.jobId().toString()), 1, WAIT).get(0),
                AgentResult.class);
        assertThat(ok.status()).isEqualTo(AgentResult.Status.OK);
        assertThat(Json.fromTree(ok.output(), Echo.class)).isEqualTo(new Echo("doc + its output", 1));
        AgentResult failed = value(results.awaitMatching(r -> r.key().equals(withFailed.jobId().toString()), 1, WAIT).get(0),
                AgentResult.class);
        assertThat(failed.status()).isEqualTo(AgentResult.Status.FAILED);
        assertThat(failed.error().type()).isEqualTo(ErrorType.INPUT_FAILED.name());
        assertThat(failed.error().message()).contains("'upstream'", "AGENT_ERROR", "upstream broke");
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(agent.calls()).isEqualTo(2);
    }

    @Test
    void shouldGoThroughTheRetryTiersOnTransientFailuresAndThenSucceed() throws Exception {
        String name = uniqueAgent("flaky");
        TopicCatalogue catalogue = catalogue(name, List.of("300ms", "600ms"), 3);
        ScriptedAgent agent = new ScriptedAgent(name, (task, ctx) -> {
            if (task.attempt() < 3) {
                throw new RetriableTaskException("model overloaded on attempt " + task.attempt());
            }
            return new Echo("finally", task.attempt());
        });
        start(agent, catalogue, WorkerConfig.ofDefaults());

        Task task = submit(catalogue.agent(name), "x");

        AgentResult result = value(probe(catalogue.results().name())
                .awaitMatching(r -> r.key().equals(task.jobId().toString()), 1, WAIT).get(0), AgentResult.class);
        assertThat(result.status()).isEqualTo(AgentResult.Status.OK);
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(result.taskId()).isEqualTo(task.taskId());
        assertThat(agent.calls()).isEqualTo(3);

        AgentTopics topics = catalogue.agent(name);
        assertThat(probe(topics.retryTiers().get(0).topic().name()).awaitMatching(r -> true, 1, WAIT)).hasSize(1);
        assertThat(probe(topics.retryTiers().get(1).topic().name()).awaitMatching(r -> true, 1, WAIT)).hasSize(1);
        List<JobEvent> events = probe(catalogue.events().name())
                .awaitMatching(r -> r.key().equals(task.jobId().toString()), 3, WAIT).stream()
                .map(r -> value(r, JobEvent.class)).toList();
        assertThat(events).extracting(JobEvent::type).containsExactly(
                JobEvent.Type.TASK_RETRY_SCHEDULED, JobEvent.Type.TASK_RETRY_SCHEDULED, JobEvent.Type.TASK_COMPLETED);
    }

    @Test
    void shouldDeadLetterAPermanentFailureWithEveryHeaderAndPublishAFailedResult() throws Exception {
        String name = uniqueAgent("strict");
        TopicCatalogue catalogue = catalogue(name, List.of("1s"), 3);
        ScriptedAgent agent = new ScriptedAgent(name, (task, ctx) -> {
            throw new NonRetriableTaskException(ErrorType.INVALID_INPUT, "document is empty");
        });
        start(agent, catalogue, WorkerConfig.ofDefaults());

        Task task = submit(catalogue.agent(name), "");

        AgentTopics topics = catalogue.agent(name);
        ConsumerRecord<String, byte[]> dead = probe(topics.deadLetters().name()).awaitMatching(r -> true, 1, WAIT).get(0);
        assertThat(dead.key()).isEqualTo(task.jobId().toString());
        assertThat(value(dead, Task.class)).isEqualTo(task);
        assertThat(header(dead, "switchboard.error.class")).isEqualTo(NonRetriableTaskException.class.getName());
        assertThat(header(dead, DeadLetterHeaders.ERROR_TYPE)).isEqualTo("INVALID_INPUT");
        assertThat(header(dead, "switchboard.error.message")).isEqualTo("document is empty");
        assertThat(header(dead, "switchboard.attempts")).isEqualTo("1");
        assertThat(header(dead, "switchboard.source.topic")).isEqualTo(topics.tasks().name());
        assertThat(header(dead, "switchboard.source.partition")).matches("\\d+");
        assertThat(header(dead, "switchboard.source.offset")).matches("\\d+");
        assertThat(Instant.parse(header(dead, "switchboard.failed.at"))).isBefore(Instant.now().plusSeconds(1));
        assertThat(header(dead, "traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[13]"); // the failed attempt's span

        AgentResult result = value(probe(catalogue.results().name())
                .awaitMatching(r -> r.key().equals(task.jobId().toString()), 1, WAIT).get(0), AgentResult.class);
        assertThat(result.status()).isEqualTo(AgentResult.Status.FAILED);
        assertThat(result.error().type()).isEqualTo("INVALID_INPUT");
        assertThat(result.error().message()).isEqualTo("document is empty");
        assertThat(agent.calls()).isEqualTo(1);
    }

    @Test
    void shouldCarryTheReplayHeaderOfAReplayedTaskOntoItsRetryCopyDeadLetterResultAndEvents() throws Exception {
        // Given a task replayed from a dead letter, which fails transiently once and then for good
        String name = uniqueAgent("replayed");
        TopicCatalogue catalogue = catalogue(name, List.of("200ms"), 3);
        ScriptedAgent agent = new ScriptedAgent(name, (task, ctx) -> {
            if (task.attempt() == 1) {
                throw new RetriableTaskException("model overloaded");
            }
            throw new NonRetriableTaskException(ErrorType.INVALID_INPUT, "still broken");
        });
        start(agent, catalogue, WorkerConfig.ofDefaults());
        AgentTopics topics = catalogue.agent(name);
        Task task = Task.create(Ids.newId(), name, Document.ofText("x"), null, Instant.now(), Instant.now().plusSeconds(300));
        String ref = name + ":0:7";
        ProducerRecord<String, byte[]> replay = new ProducerRecord<>(topics.tasks().name(), task.jobId().toString(),
                topics.tasks().valueSerde().serializer().serialize(topics.tasks().name(), task));
        replay.headers().add(DeadLetterHeaders.REPLAY_OF, ref.getBytes(StandardCharsets.UTF_8));

        // When it runs
        producer.send(replay).get(10, TimeUnit.SECONDS);

        // Then everything written for it names the dead letter it was replayed from
        String job = task.jobId().toString();
        assertThat(header(probe(topics.retryTiers().get(0).topic().name()).awaitMatching(r -> true, 1, WAIT).get(0),
                DeadLetterHeaders.REPLAY_OF)).isEqualTo(ref);
        assertThat(header(probe(topics.deadLetters().name()).awaitMatching(r -> true, 1, WAIT).get(0),
                DeadLetterHeaders.REPLAY_OF)).isEqualTo(ref);
        assertThat(header(probe(catalogue.results().name()).awaitMatching(r -> r.key().equals(job), 1, WAIT).get(0),
                DeadLetterHeaders.REPLAY_OF)).isEqualTo(ref);
        assertThat(probe(catalogue.events().name()).awaitMatching(r -> r.key().equals(job), 2, WAIT))
                .allSatisfy(e -> assertThat(header(e, DeadLetterHeaders.REPLAY_OF)).isEqualTo(ref));
    }

    @Test
    void shouldDeadLetterWithRetriesExhaustedWhenTransientFailuresOutlastTheAttempts() throws Exception {
        String name = uniqueAgent("doomed");
        TopicCatalogue catalogue = catalogue(name, List.of("200ms"), 2);
        ScriptedAgent agent = new ScriptedAgent(name, (task, ctx) -> {
            throw new java.io.IOException("connection reset");
        });
        start(agent, catalogue, WorkerConfig.ofDefaults());

        Task task = submit(catalogue.agent(name), "x");

        ConsumerRecord<String, byte[]> dead = probe(catalogue.agent(name).deadLetters().name()).awaitMatching(r -> true, 1, WAIT).get(0);
        assertThat(header(dead, "switchboard.attempts")).isEqualTo("2");
        assertThat(header(dead, DeadLetterHeaders.ERROR_TYPE)).isEqualTo("RETRIES_EXHAUSTED");
        assertThat(header(dead, "switchboard.source.topic")).isEqualTo(catalogue.agent(name).retryTiers().get(0).topic().name());
        assertThat(value(dead, Task.class).attempt()).isEqualTo(2);
        AgentResult result = value(probe(catalogue.results().name())
                .awaitMatching(r -> r.key().equals(task.jobId().toString()), 1, WAIT).get(0), AgentResult.class);
        assertThat(result.error().type()).isEqualTo("RETRIES_EXHAUSTED");
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(agent.calls()).isEqualTo(2);
    }

    @Test
    void shouldDeadLetterAnUnreadableRecordAsIsAndProcessTheRecordsBehindIt() throws Exception {
        String name = uniqueAgent("robust");
        TopicCatalogue catalogue = catalogue(name, List.of("1s"), 2);
        AgentTopics topics = catalogue.agent(name);
        // all on one partition: the poison record sits in front of the good one
        String key = Ids.newId().toString();
        byte[] poison = "{not json at all".getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(topics.tasks().name(), 0, key, poison)).get();
        Task good = Task.create(UUID.fromString(key), name, Document.ofText("after the poison"), null, Instant.now(), Instant.now().plusSeconds(300));
        producer.send(new ProducerRecord<>(topics.tasks().name(), 0, key, topics.tasks().valueSerde().serializer().serialize("t", good))).get();
        start(ScriptedAgent.echo(name), catalogue, WorkerConfig.ofDefaults());

        ConsumerRecord<String, byte[]> dead = probe(topics.deadLetters().name()).awaitMatching(r -> true, 1, WAIT).get(0);
        assertThat(dead.value()).isEqualTo(poison);
        assertThat(header(dead, "switchboard.error.class")).isEqualTo("org.apache.kafka.common.errors.SerializationException");
        assertThat(header(dead, "switchboard.source.offset")).isEqualTo("0");
        AgentResult result = value(probe(catalogue.results().name())
                .awaitMatching(r -> r.key().equals(key), 1, WAIT).get(0), AgentResult.class);
        assertThat(result.taskId()).isEqualTo(good.taskId());
        assertThat(result.status()).isEqualTo(AgentResult.Status.OK);
    }

    @Test
    void shouldFailATaskWhoseDeadlineHasPassedWithoutRunningIt() throws Exception {
        String name = uniqueAgent("late");
        TopicCatalogue catalogue = catalogue(name, List.of("1s"), 2);
        ScriptedAgent agent = ScriptedAgent.echo(name);
        start(agent, catalogue, WorkerConfig.ofDefaults());

        Task task = submit(catalogue.agent(name), "too late", Instant.now().minusSeconds(1));

        AgentResult result = value(probe(catalogue.results().name())
                .awaitMatching(r -> r.key().equals(task.jobId().toString()), 1, WAIT).get(0), AgentResult.class);
        assertThat(result.status()).isEqualTo(AgentResult.Status.FAILED);
        assertThat(result.error().type()).isEqualTo("DEADLINE_EXCEEDED");
        assertThat(agent.calls()).isZero();
    }

    @Test
    void shouldRunManyTasksAtOnceUpToTheConcurrencyLimit() throws Exception {
        String name = uniqueAgent("slow");
        TopicCatalogue catalogue = catalogue(name, List.of("1s"), 2);
        CountDownLatch release = new CountDownLatch(1);
        ScriptedAgent agent = new ScriptedAgent(name, (task, ctx) -> {
            release.await(60, TimeUnit.SECONDS);
            return new Echo("done", task.attempt());
        });
        start(agent, catalogue, WorkerConfig.custom().concurrency(16).build());

        Set<UUID> jobs = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            jobs.add(submit(catalogue.agent(name), "t" + i).jobId());
        }

        await().atMost(WAIT).until(() -> agent.running() >= 12);
        assertThat(agent.running()).isLessThanOrEqualTo(16);
        release.countDown();
        assertThat(probe(catalogue.results().name()).awaitMatching(r -> resultOf(r, jobs), 40, WAIT)).hasSize(40).extracting(ConsumerRecord::key).doesNotHaveDuplicates();
        assertThat(agent.maxConcurrent()).isBetween(12, 16);
    }

    @Test
    void shouldKeepPollingAndFinishEverythingWhenInFlightWorkIsFull() throws Exception {
        String name = uniqueAgent("narrow");
        TopicCatalogue catalogue = catalogue(name, List.of("1s"), 2);
        ScriptedAgent agent = new ScriptedAgent(name, (task, ctx) -> {
            Thread.sleep(20);
            return new Echo("ok", 1);
        });
        start(agent, catalogue, WorkerConfig.custom().concurrency(2).build());

        Set<UUID> jobs = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            jobs.add(submit(catalogue.agent(name), "t" + i).jobId());
        }

        assertThat(probe(catalogue.results().name()).awaitMatching(r -> resultOf(r, jobs), 60, WAIT)).hasSize(60).extracting(ConsumerRecord::key).doesNotHaveDuplicates();
        assertThat(agent.maxConcurrent()).isLessThanOrEqualTo(2);
    }

    @Test
    void shouldHandTheUncommittedTasksOfAWorkerClosedMidBatchToTheNextInstance() throws Exception {
        String name = uniqueAgent("handover");
        TopicCatalogue catalogue = catalogue(name, List.of("1s"), 2);
        String group = "group-" + name;
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        // The first instance finishes a few tasks and hangs on the rest.
        ScriptedAgent stuck = new ScriptedAgent(name, (task, ctx) -> {
            if (finished.incrementAndGet() > 3) {
                never.await();
            }
            return new Echo("first", task.attempt());
        });
        AgentWorker first = start(stuck, catalogue, WorkerConfig.custom().concurrency(4).groupId(group)
                .drainTimeout(Duration.ofMillis(500)).build());
        Set<UUID> jobs = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            jobs.add(submit(catalogue.agent(name), "t" + i).jobId());
        }
        await().atMost(WAIT).until(() -> stuck.running() >= 4);

        // When it is closed with tasks in flight that never finish
        first.close();
        assertThat(first.isStopped()).isTrue();

        // Then a new instance of the group processes everything that was not committed
        ScriptedAgent fresh = ScriptedAgent.echo(name);
        start(fresh, catalogue, WorkerConfig.custom().groupId(group).build());
        // every job answered; some more than once (at-least-once: finished but uncommitted work is redone)
        TopicProbe results = probe(catalogue.results().name());
        Set<UUID> answered = new HashSet<>();
        await().atMost(WAIT).until(() -> {
            results.settle(r -> resultOf(r, jobs), Duration.ofMillis(200)).forEach(r -> answered.add(UUID.fromString(r.key())));
            return answered.size() == jobs.size();
        });
        assertThat(answered).isEqualTo(jobs);
        assertThat(fresh.calls()).isGreaterThanOrEqualTo(4);
        never.countDown();
    }

    @Test
    void shouldAnnounceItselfOnTheAgentsTopicAndSayWhenItStops() throws Exception {
        String name = uniqueAgent("visible");
        TopicCatalogue catalogue = catalogue(name, List.of("1s"), 2);
        AgentWorker worker = start(ScriptedAgent.echo(name), catalogue,
                WorkerConfig.custom().instanceId("instance-a").concurrency(3).build());
        TopicProbe probe = probe(catalogue.agents().name());

        AgentRegistration up = value(probe.awaitMatching(r -> r.key().equals(name), 1, WAIT).get(0), AgentRegistration.class);
        assertThat(up.status()).isEqualTo(AgentRegistration.Status.UP);
        assertThat(up.instanceId()).isEqualTo("instance-a");
        assertThat(up.concurrency()).isEqualTo(3);
        assertThat(up.outputType()).isEqualTo(Echo.class.getName());
        assertThat(up.outputSchema().path("text").asText()).isEqualTo("string");
        // and its heartbeat carries the worker's signals (decision 0033): nothing queued, old or in flight yet
        assertThat(up.signals()).isNotNull();
        assertThat(up.signals().lagRecords()).isZero();
        assertThat(up.signals().oldestTaskAgeSeconds()).isZero();
        assertThat(up.signals().inFlight()).isZero();
        assertThat(up.signals().quota()).isNotNull();

        worker.close();
        List<ConsumerRecord<String, byte[]>> all = probe.awaitMatching(r -> r.key().equals(name)
                && value(r, AgentRegistration.class).status() == AgentRegistration.Status.STOPPED, 1, WAIT);
        assertThat(all).hasSize(1);
    }

    @Test
    void shouldProvisionIdempotentlyAndRefuseATopicThatDisagrees() throws Exception {
        String name = uniqueAgent("prov");
        TopicCatalogue catalogue = TopicCatalogue.bundled().withAgent(name, List.of("1s"), 2);
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            TopicProvisioner provisioner = new TopicProvisioner(admin);
            provisioner.apply(catalogue);
            TopicProvisioner.Outcome again = provisioner.apply(catalogue);
            assertThat(again.created()).isEmpty();
            assertThat(provisioner.check(catalogue)).isEmpty();

            String other = uniqueAgent("wrong");
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("switchboard.tasks." + other, 2, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
            TopicCatalogue disagreeing = catalogue.withAgent(other, List.of("1s"), 2);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> provisioner.apply(disagreeing))
                    .isInstanceOf(dev.switchboard.contracts.topic.TopicConfigException.class)
                    .hasMessageContaining("switchboard.tasks." + other + " has 2 partitions, topics.yaml says 6");
        }
    }


}
