package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.core.message.Report;
import dev.switchboard.core.topic.TopicCatalogue;
import dev.switchboard.testkit.ScriptedOpenAiServer;
import dev.switchboard.testkit.ScriptedOpenAiServer.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The whole stack under hostile input: garbage written straight to its topics by another client is
 * dead-lettered or skipped, never a stuck partition or a dead service; and no secret (API key,
 * callback secret, LLM key) appears in any log line or error body of the run.
 */
class HostileInputIT {
    private static final String API_KEY = "sb-api-key-7f3a9c";
    private static final String CALLBACK_SECRET = "sb-callback-secret-41d2";
    private static final String LLM_KEY = "sk-llm-secret-93be07";

    @Test
    void shouldSurviveGarbageOnEveryTopicAndNeverLogASecret(@TempDir Path dataDir) throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        try (ScriptedOpenAiServer llm = ScriptedOpenAiServer.start()) {
            llm.otherwise(r -> r.systemMessage().contains("sentiment analyst")
                    ? Reply.content("{\"label\":\"neutral\",\"score\":0,\"confidence\":0.5}")
                    : r.systemMessage().contains("named entities") ? Reply.content("{\"entities\":[]}")
                    : Reply.content("{\"summary\":\"Short.\",\"keyPoints\":[\"short\"]}"));
            Settings settings = new Settings()
                    .set("SWITCHBOARD_ORCHESTRATOR_PORT", 0)
                    .set("SWITCHBOARD_API_KEYS", API_KEY)
                    .set("SWITCHBOARD_CALLBACK_SECRET", CALLBACK_SECRET)
                    .set("SWITCHBOARD_LLM_PROVIDER", "openai")
                    .set("SWITCHBOARD_LLM_BASE_URL", llm.baseUrl())
                    .set("SWITCHBOARD_LLM_API_KEY", LLM_KEY)
                    .set("SWITCHBOARD_LLM_RATE_LIMIT", 50);
            try (Stack stack = Stack.start(settings, dataDir, null)) {
                TopicCatalogue topics = TopicCatalogue.bundled();
                try (KafkaProducer<String, byte[]> hostile = new KafkaProducer<>(Map.of("bootstrap.servers", stack.bootstrap()),
                        new StringSerializer(), new ByteArraySerializer())) {
                    List<byte[]> garbage = List.of("{not json".getBytes(StandardCharsets.UTF_8), "[]".getBytes(StandardCharsets.UTF_8),
                            "{\"version\":1,\"jobId\":\"nope\"}".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff, 0, 1},
                            ("{\"x\":\"" + "z".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8));
                    for (String topic : List.of(topics.agent("sentiment").tasks().name(), topics.agent("entities").tasks().name(),
                            topics.results().name(), topics.jobs().name(), topics.events().name(), topics.agents().name(), topics.reports().name())) {
                        for (int partition = 0; partition < 6 && partition < (topic.equals(topics.agents().name()) ? 1 : 6); partition++) {
                            for (byte[] value : garbage) {
                                hostile.send(new ProducerRecord<>(topic, partition, "hostile", value)).get();
                            }
                            hostile.send(new ProducerRecord<>(topic, partition, "tombstone", (byte[]) null)).get();
                        }
                    }
                }

                ApiClient api = new ApiClient(stack.url(), API_KEY);
                for (int i = 0; i < 6; i++) {
                    String job = api.submit("After the garbage, document " + i + " still gets its report.", null);
                    Optional<Report> report = api.awaitReport(job, Duration.ofSeconds(90));
                    assertThat(report).as("report of job %d after hostile records", i).isPresent();
                    assertThat(report.get().status()).isEqualTo(Report.Status.COMPLETED);
                }

                HttpResponse<String> unauthorized = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.url() + "/v1/agents"))
                        .header("Authorization", "Bearer " + API_KEY + "-wrong").build(), HttpResponse.BodyHandlers.ofString());
                assertThat(unauthorized.statusCode()).isEqualTo(401);
                assertThat(unauthorized.body()).doesNotContain(API_KEY);
            }
            assertThat(llm.requests()).isNotEmpty();
        } finally {
            root.detachAppender(logs);
        }
        List<String> lines = logs.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
        assertThat(lines).hasSizeGreaterThan(20);
        assertThat(String.join("\n", lines)).doesNotContain(API_KEY).doesNotContain(CALLBACK_SECRET).doesNotContain(LLM_KEY);
        assertThat(lines).anyMatch(l -> l.contains("Unreadable task"));
        assertThat(lines).anyMatch(l -> l.contains("Skipped an unreadable record"));
    }
}
