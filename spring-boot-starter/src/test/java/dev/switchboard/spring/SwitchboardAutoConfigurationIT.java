package dev.switchboard.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.contracts.config.ConfigException;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.Ids;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.topic.AgentTopics;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.core.config.WorkerConfig;
import dev.switchboard.testkit.KafkaTest;
import dev.switchboard.testkit.TestKafka;
import dev.switchboard.testkit.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** An Agent bean in a Spring Boot context runs as a worker against a real broker. */
@KafkaTest
class SwitchboardAutoConfigurationIT {
    private final TestKafka kafka;
    private final String agent = "spring-" + UUID.randomUUID().toString().substring(0, 8);
    private final TopicCatalogue catalogue = TopicCatalogue.bundled().including(agent);
    private KafkaProducer<String, byte[]> producer;

    SwitchboardAutoConfigurationIT(TestKafka kafka) {
        this.kafka = kafka;
    }

    @BeforeEach
    void openProducer() {
        producer = new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void closeProducer() {
        producer.close();
    }

    private ApplicationContextRunner contextWith(WordCount bean, String... properties) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SwitchboardAutoConfiguration.class, ApplicationAvailabilityAutoConfiguration.class,
                        MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
                .withBean(WordCount.class, () -> bean)
                .withPropertyValues("switchboard.bootstrap.servers=" + kafka.bootstrapServers())
                .withPropertyValues(properties);
    }

    private Task send(String text) throws Exception {
        return send(agent, text);
    }

    private Task send(String agentName, String text) throws Exception {
        AgentTopics topics = catalogue.including(agentName).agent(agentName);
        Task task = Task.create(Ids.newId(), agentName, Document.ofText(text), null, Instant.now(), Instant.now().plusSeconds(120));
        producer.send(new ProducerRecord<>(topics.tasks().name(), task.jobId().toString(),
                topics.tasks().valueSerde().serializer().serialize(topics.tasks().name(), task))).get();
        return task;
    }

    private AgentResult awaitResult(TopicProbe results, Task task) {
        return Json.fromBytes(results.awaitMatching(r -> r.key().equals(task.jobId().toString()), 1, Duration.ofSeconds(60)).get(0).value(),
                AgentResult.class);
    }

    @Test
    void shouldRunAnAgentBeanAsAWorkerWithItsMetersInSpringsRegistryAndHealthUp() throws Exception {
        // given
        WordCount wordCount = new WordCount(agent, false);

        contextWith(wordCount).run(context -> {
            try (TopicProbe results = new TopicProbe(kafka, catalogue.results().name())) {
                // when
                Task task = send("Kafka moves records between services");

                // then
                AgentResult result = awaitResult(results, task);
                assertThat(result.status()).isEqualTo(AgentResult.Status.OK);
                assertThat(Json.fromTree(result.output(), WordCount.Count.class)).isEqualTo(new WordCount.Count(5));
                assertThat(context.getBean(MeterRegistry.class).get("switchboard.tasks").tag("agent", agent)
                        .tag("outcome", "completed").counter().count()).isEqualTo(1.0);
                assertThat(context.getBean("switchboardHealthIndicator", HealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
                assertThat(context.getBean("switchboardHealthIndicator", HealthIndicator.class).health().getDetails())
                        .containsEntry("agents", Map.of(agent, AgentWorkers.State.RUNNING));
            }
        });
    }

    @Test
    void shouldRunAsManyTasksAtOnceAsTheConcurrencyPropertySays() throws Exception {
        // given
        WordCount wordCount = new WordCount(agent, true);

        contextWith(wordCount, "switchboard.agent.concurrency=3").run(context -> {
            // when
            for (int i = 0; i < 5; i++) {
                send("task number " + i);
            }

            // then
            await().atMost(Duration.ofSeconds(60)).until(() -> wordCount.started.get() == 3);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> wordCount.started.get() == 3);
            wordCount.gate.countDown();
        });
    }

    @Test
    void shouldRefuseToStartNamingTheVariableWhenASettingIsBad() {
        contextWith(new WordCount(agent, false), "switchboard.agent.concurrency=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(ConfigException.class)
                    .hasMessageContaining("SWITCHBOARD_AGENT_CONCURRENCY must be between 1 and 1024, was 0");
        });
    }

    @Test
    void shouldLeaveTheAgentAloneWhenSwitchboardAgentEnabledIsFalse() {
        contextWith(new WordCount(agent, false), "switchboard.agent.enabled=false").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(AgentWorkers.class).doesNotHaveBean("switchboardHealthIndicator");
        });
    }

    @Test
    void shouldFinishAndCommitAnInFlightTaskWhenTheContextCloses() throws Exception {
        // given
        WordCount wordCount = new WordCount(agent, true);

        contextWith(wordCount).run(context -> {
            AgentWorkers workers = context.getBean(AgentWorkers.class);
            try (TopicProbe results = new TopicProbe(kafka, catalogue.results().name()); Admin admin = Admin.create(kafka.clientProperties())) {
                Task task = send("one task in flight");
                await().atMost(Duration.ofSeconds(60)).until(() -> wordCount.started.get() == 1);

                // when
                CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
                await().atMost(Duration.ofSeconds(10)).until(() -> workers.states().get(agent) == AgentWorkers.State.STOPPED);
                await("the close waits for the task").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !closing.isDone());
                wordCount.gate.countDown();
                closing.get(60, java.util.concurrent.TimeUnit.SECONDS);

                // then
                assertThat(awaitResult(results, task).status()).isEqualTo(AgentResult.Status.OK);
                Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> committed = admin
                        .listConsumerGroupOffsets(WorkerConfig.ofDefaults().groupIdFor(agent)).partitionsToOffsetAndMetadata().get();
                assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(1);
            }
        });
    }

    @Test
    void shouldWaitForTheDrainWhenTheShutdownPhaseTimeoutIsShorter() throws Exception {
        // given: Spring would give a shutdown phase 1 s, the task needs longer
        WordCount wordCount = new WordCount(agent, true);

        contextWith(wordCount, "spring.lifecycle.timeout-per-shutdown-phase=1s")
                .withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    try (TopicProbe results = new TopicProbe(kafka, catalogue.results().name())) {
                        Task task = send("a task longer than the phase timeout");
                        await().atMost(Duration.ofSeconds(60)).until(() -> wordCount.started.get() == 1);

                        // when
                        CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);

                        // then
                        await("the close waits past 1 s").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> !closing.isDone());
                        wordCount.gate.countDown();
                        closing.get(60, java.util.concurrent.TimeUnit.SECONDS);
                        assertThat(awaitResult(results, task).status()).isEqualTo(AgentResult.Status.OK);
                    }
                });
    }

    /** The bundled catalogue with results going to a topic of this test's own, to be deleted once the worker runs. */
    private TopicCatalogue withOwnResults() throws Exception {
        String results = catalogue.results().name() + "-" + agent;
        TopicCatalogue ownResults;
        try (InputStream yaml = TopicCatalogue.class.getResourceAsStream(TopicCatalogue.DEFAULT_FILE_NAME)) {
            ownResults = TopicCatalogue.parse(new String(yaml.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("name: " + catalogue.results().name() + "\n", "name: " + results + "\n"));
        }
        assertThat(ownResults.results().name()).isEqualTo(results);
        return ownResults;
    }

    /** Deletes the results topic, then sends a task: its worker cannot write the result and stops on its own. */
    private void failTheWorker(TopicCatalogue ownResults) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            admin.deleteTopics(List.of(ownResults.results().name())).all().get();
        }
        send("a result with nowhere to go");
    }

    @Test
    void shouldReportDownAndLivenessBrokenWhenAWorkerStopsOnItsOwn() throws Exception {
        // given: results go to a topic of this test's own, deleted once the worker runs
        TopicCatalogue ownResults = withOwnResults();

        contextWith(new WordCount(agent, false), "switchboard.kafka.max.block.ms=2000")
                .withBean(TopicCatalogue.class, () -> ownResults)
                .run(context -> {
                    AvailabilityChangeEvent.publish(context, LivenessState.CORRECT); // as SpringApplication does once started
                    HealthIndicator health = context.getBean("switchboardHealthIndicator", HealthIndicator.class);
                    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                    assertThat(context.getBean(ApplicationAvailability.class).getLivenessState()).isEqualTo(LivenessState.CORRECT);

                    // when
                    failTheWorker(ownResults);

                    // then
                    await().atMost(Duration.ofSeconds(60)).until(() -> health.health().getStatus().equals(Status.DOWN));
                    assertThat(health.health().getDetails()).containsEntry("agents", Map.of(agent, AgentWorkers.State.FAILED));
                    await().atMost(Duration.ofSeconds(10)).until(() ->
                            context.getBean(ApplicationAvailability.class).getLivenessState() == LivenessState.BROKEN);
                    assertThat(context.getSourceApplicationContext().isActive()).isTrue(); // with Actuator, no exit by default
                });
    }

    @Test
    void shouldCloseTheApplicationWithExitCodeOneWhenAWorkerStopsOnItsOwnAndExitOnFailureIsSet() throws Exception {
        // given
        TopicCatalogue ownResults = withOwnResults();
        AtomicInteger exitCode = new AtomicInteger(-1);

        contextWith(new WordCount(agent, false), "switchboard.kafka.max.block.ms=2000", "switchboard.agent.exit-on-failure=true")
                .withBean(TopicCatalogue.class, () -> ownResults)
                .run(context -> {
                    context.getBean(AgentWorkers.class).exitWith(exitCode::set);

                    // when
                    failTheWorker(ownResults);

                    // then
                    await().atMost(Duration.ofSeconds(60)).until(() -> exitCode.get() == 1);
                    assertThat(context.getSourceApplicationContext().isActive()).isFalse();
                });
    }

    @Test
    void shouldRunEveryAgentBeanAsItsOwnWorker() throws Exception {
        // given a second agent type in the same application
        String second = agent + "-b";

        contextWith(new WordCount(agent, false)).withBean("second", WordCount.class, () -> new WordCount(second, false)).run(context -> {
            try (TopicProbe results = new TopicProbe(kafka, catalogue.results().name())) {
                // when
                Task first = send(agent, "one two three");
                Task other = send(second, "one two");

                // then
                assertThat(Json.fromTree(awaitResult(results, first).output(), WordCount.Count.class)).isEqualTo(new WordCount.Count(3));
                assertThat(Json.fromTree(awaitResult(results, other).output(), WordCount.Count.class)).isEqualTo(new WordCount.Count(2));
                assertThat(context.getBean(AgentWorkers.class).states())
                        .containsExactlyInAnyOrderEntriesOf(Map.of(agent, AgentWorkers.State.RUNNING, second, AgentWorkers.State.RUNNING));
            }
        });
    }

    @Test
    void shouldRunTheWorkersWithoutActuatorAndRegisterNoHealthIndicator() throws Exception {
        contextWith(new WordCount(agent, false)).withClassLoader(new FilteredClassLoader("org.springframework.boot.health")).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean("switchboardHealthIndicator");
            try (TopicProbe results = new TopicProbe(kafka, catalogue.results().name())) {
                // when
                Task task = send("Kafka without Actuator");

                // then
                assertThat(awaitResult(results, task).status()).isEqualTo(AgentResult.Status.OK);
            }
        });
    }
}
