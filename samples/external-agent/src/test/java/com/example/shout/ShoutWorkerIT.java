package com.example.shout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.Ids;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.topic.AgentTopics;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.core.runtime.AgentWorker;
import dev.switchboard.testkit.KafkaTest;
import dev.switchboard.testkit.TestKafka;
import dev.switchboard.testkit.TopicProbe;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@KafkaTest
class ShoutWorkerIT {

    @Test
    void shouldAnswerATaskFromItsTopic(TestKafka kafka) throws Exception {
        // Given the agent's topics on the test broker, and a worker running the agent (offline model)
        KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
        TopicCatalogue catalogue = TopicCatalogue.bundled().including("shout");
        TopicProvisioner.provision(settings, catalogue);
        AgentTopics shout = catalogue.agent("shout");
        Task task = Task.create(Ids.newId(), "shout", Document.ofText("Kafka carries the work.\nNobody waits."), null,
                Instant.now(), Instant.now().plusSeconds(60));

        try (AgentWorker worker = AgentWorker.builder(new ShoutAgent()).kafka(settings).topics(catalogue).build().start();
             KafkaProducer<String, Task> tasks = new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(),
                     shout.tasks().valueSerde().serializer());
             TopicProbe results = new TopicProbe(kafka, catalogue.results().name())) {
            // When a task for it is on its task topic
            tasks.send(new ProducerRecord<>(shout.tasks().name(), task.jobId().toString(), task)).get();

            // Then its result is on the results topic: OK, its output, its headline
            AgentResult result = Json.fromBytes(results.awaitMatching(r -> r.key().equals(task.jobId().toString()), 1,
                    Duration.ofSeconds(60)).get(0).value(), AgentResult.class);
            assertThat(result.status()).isEqualTo(AgentResult.Status.OK);
            assertThat(Json.fromTree(result.output(), ShoutAgent.Shout.class).text()).isEqualTo("KAFKA CARRIES THE WORK.");
            assertThat(result.headline()).isEqualTo("Shouted: KAFKA CARRIES THE WORK.");
        }
    }
}
