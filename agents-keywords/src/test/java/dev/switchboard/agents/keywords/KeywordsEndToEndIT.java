package dev.switchboard.agents.keywords;

import dev.switchboard.contracts.topic.TopicProvisioner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.runtime.AgentWorker;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.orchestrator.Orchestrator;
import dev.switchboard.orchestrator.OrchestratorConfig;
import dev.switchboard.testkit.KafkaTest;
import dev.switchboard.testkit.TestKafka;
import dev.switchboard.testkit.TopicProbe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A new agent type end to end: its class, its topics.yaml entry, a worker process — and no orchestrator change. */
@KafkaTest
class KeywordsEndToEndIT {

    @Test
    void shouldAnswerAJobSubmittedOverHttpForTheNewAgent(TestKafka kafka) throws Exception {
        TopicCatalogue topics = TopicCatalogue.bundled();
        KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
        TopicProvisioner.provision(settings, topics);
        try (Orchestrator orchestrator = new Orchestrator(OrchestratorConfig.custom().port(0).build(), settings, topics).start();
             AgentWorker worker = AgentWorker.builder(new KeywordsAgent()).kafka(settings).topics(topics).build().start();
             TopicProbe results = new TopicProbe(kafka, topics.results().name())) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + orchestrator.port();
            HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/jobs"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"document\": \"Kafka streams keywords. Kafka topics carry keywords to agents.\","
                            + " \"agents\": [\"keywords\"]}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).isEqualTo(202);
            String jobId = Json.fromString(accepted.body(), com.fasterxml.jackson.databind.JsonNode.class).path("jobId").asText();

            AgentResult result = Json.fromBytes(results.awaitMatching(r -> r.key().equals(jobId), 1, Duration.ofSeconds(60))
                    .get(0).value(), AgentResult.class);
            assertThat(result.agent()).isEqualTo("keywords");
            assertThat(Json.fromTree(result.output(), Keywords.class).keywords()).startsWith("kafka", "keywords");

            await().atMost(Duration.ofSeconds(30)).until(() -> http.send(HttpRequest.newBuilder(URI.create(base + "/v1/jobs/" + jobId)).build(),
                    HttpResponse.BodyHandlers.ofString()).body().contains("\"state\":\"done\""));
        }
    }
}
