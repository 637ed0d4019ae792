package com.example.title;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.Ids;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.topic.AgentTopics;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.testkit.TestKafka;
import dev.switchboard.testkit.TopicProbe;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext // the application stops after this class, while the test broker still runs
class TitleApplicationIT {

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("switchboard.bootstrap.servers", () -> TestKafka.shared().bootstrapServers());
    }

    @Test
    void shouldAnswerATaskFromItsTopic() throws Exception {
        // Given the application running its TitleAgent bean on the test broker (the starter created its topics)
        TestKafka kafka = TestKafka.shared();
        TopicCatalogue catalogue = TopicCatalogue.bundled().including("title");
        AgentTopics title = catalogue.agent("title");
        Task task = Task.create(Ids.newId(), "title", Document.ofText("kafka carries the work while nobody waits"), null,
                Instant.now(), Instant.now().plusSeconds(60));

        try (KafkaProducer<String, Task> tasks = new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(),
                     title.tasks().valueSerde().serializer());
             TopicProbe results = new TopicProbe(kafka, catalogue.results().name())) {
            // When a task for it is on its task topic
            tasks.send(new ProducerRecord<>(title.tasks().name(), task.jobId().toString(), task)).get();

            // Then its result is on the results topic: OK, its output, its headline
            AgentResult result = Json.fromBytes(results.awaitMatching(r -> r.key().equals(task.jobId().toString()), 1,
                    Duration.ofSeconds(60)).get(0).value(), AgentResult.class);
            assertThat(result.status()).isEqualTo(AgentResult.Status.OK);
            assertThat(Json.fromTree(result.output(), TitleAgent.Title.class).title()).isEqualTo("Kafka Carries The Work While");
            assertThat(result.headline()).isEqualTo("Titled: Kafka Carries The Work While");
        }
    }
}
