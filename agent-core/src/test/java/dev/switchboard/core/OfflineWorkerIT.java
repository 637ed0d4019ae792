package dev.switchboard.core;

import dev.switchboard.core.runtime.AgentWorker;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.config.KafkaSettings;
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
import dev.switchboard.testkit.KafkaTest;
import dev.switchboard.testkit.TestKafka;
import dev.switchboard.testkit.TopicProbe;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** An agent with an offline model runs end to end through a worker: result, usage, metrics, headline. */
@KafkaTest
class OfflineWorkerIT {

    @Test
    void shouldRunAnAgentOfflineThroughAWorkerAndPublishItsHeadline(TestKafka kafka) throws Exception {
        TopicCatalogue catalogue = TopicCatalogue.bundled().withAgent("wordcount");
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            new TopicProvisioner(admin).apply(catalogue);
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AgentTopics topics = catalogue.agent("wordcount");
        Task task = Task.create(Ids.newId(), "wordcount", Document.ofText("Kafka moves records between services"),
                null, Instant.now(), Instant.now().plusSeconds(60));
        Agent<Echo> agent = new ScriptedAgent("wordcount",
                (t, context) -> context.llm().generate(Prompt.forDocument("You count words.", "Count the words.", t.text()), Echo.class),
                t -> new Echo(t.text().split("\\s+").length + " words", t.attempt())) {
            @Override
            public Optional<String> headline(Echo output) {
                return Optional.of("Counted " + output.text() + ".");
            }
        };

        try (AgentWorker worker = AgentWorker.builder(agent)
                     .kafka(KafkaSettings.of(kafka.bootstrapServers()))
                     .topics(catalogue)
                     .meterRegistry(registry)
                     .build().start();
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(), new ByteArraySerializer());
             TopicProbe results = new TopicProbe(kafka, catalogue.results().name())) {
            producer.send(new ProducerRecord<>(topics.tasks().name(), task.jobId().toString(),
                    topics.tasks().valueSerde().serializer().serialize("t", task))).get();

            AgentResult result = Json.fromBytes(results.awaitMatching(r -> r.key().equals(task.jobId().toString()), 1,
                    Duration.ofSeconds(60)).get(0).value(), AgentResult.class);

            assertThat(Json.fromTree(result.output(), Echo.class)).isEqualTo(new Echo("5 words", 1));
            assertThat(result.headline()).isEqualTo("Counted 5 words.");
            assertThat(result.model()).isEqualTo("offline");
            assertThat(result.usage().inputTokens()).isPositive();
            assertThat(registry.get("switchboard.tasks").tag("agent", "wordcount").tag("outcome", "completed").counter().count())
                    .isEqualTo(1.0);
            assertThat(registry.get("switchboard.task.duration").tag("agent", "wordcount").timer().count()).isEqualTo(1);
            assertThat(registry.get("switchboard.llm.calls").tag("outcome", "success").counter().count()).isEqualTo(1.0);
            assertThat(registry.get("switchboard.llm.tokens").tag("direction", "input").counter().count()).isPositive();
            assertThat(registry.find("kafka.consumer.fetch.manager.records.lag.max").gauges()).isNotEmpty();
        }
    }
}
