package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.fakes.ScriptedOpenAiServer;
import dev.switchboard.fakes.ScriptedOpenAiServer.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Utils;
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
 * The whole stack under hostile input: garbage, hostile-but-valid values (a deadline in the year
 * 1 000 000 000, version 99, a retry due in 2286, 20 KB of headers) and records at the size limit,
 * written straight to every partition of its topics by another client, are dead-lettered or
 * skipped, never a stuck partition or a dead service: afterwards a job on every partition
 * completes. And no secret (API key, callback secret, LLM key) appears in any log line or error
 * body of the run.
 */
class HostileInputIT {
    private static final String API_KEY = "sb-api-key-7f3a9c";
    private static final String CALLBACK_SECRET = "sb-callback-secret-41d2";
    private static final String LLM_KEY = "sk-llm-secret-93be07";

    /** Every partition of every topic the stack reads gets garbage, hostile-but-valid values and a record at the limit. */
    private static void writeHostileRecordsToEveryPartition(String bootstrap, TopicCatalogue topics) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrap);
        props.putAll(topics.producerSizeConfig());
        String farFuture = "+1000000000-01-01T00:00:00Z";
        String now = Instant.now().toString();
        String id = UUID.randomUUID().toString();
        List<byte[]> values = new ArrayList<>(Stream.of("{not json", "[]", "{\"version\":1,\"jobId\":\"nope\"}",
                "{\"version\":99,\"jobId\":\"" + id + "\",\"agents\":[\"sentiment\"],\"submittedAt\":\"" + now + "\",\"deadline\":\"" + now + "\"}",
                "{\"version\":1,\"jobId\":\"" + UUID.randomUUID() + "\",\"agents\":[\"sentiment\"],\"submittedAt\":\"" + now
                        + "\",\"deadline\":\"" + farFuture + "\"}",
                "{\"version\":1,\"jobId\":\"" + UUID.randomUUID() + "\",\"taskId\":\"" + UUID.randomUUID() + "\",\"agent\":\"sentiment\","
                        + "\"attempt\":1,\"document\":{\"text\":\"x\"},\"submittedAt\":\"" + now + "\",\"deadline\":\"" + farFuture + "\"}")
                .map(v -> v.getBytes(StandardCharsets.UTF_8)).toList());
        values.add(new byte[] {(byte) 0xff, 0, 1});
        values.add(("{\"x\":\"" + "z".repeat(topics.maxValueBytes() - 10) + "\"}").getBytes(StandardCharsets.UTF_8));
        List<String> targets = new ArrayList<>(List.of(topics.results().name(), topics.jobs().name(), topics.events().name(),
                topics.agents().name(), topics.reports().name()));
        for (String agent : topics.defaultAgentNames()) {
            targets.add(topics.agent(agent).tasks().name());
            topics.agent(agent).retryTiers().forEach(t -> targets.add(t.topic().name()));
        }
        Set<String> compacted = Set.of(topics.agents().name(), topics.reports().name());
        RecordHeaders hostileHeaders = new RecordHeaders();
        hostileHeaders.add("switchboard.retry.due", "9999999999999".getBytes(StandardCharsets.US_ASCII));
        hostileHeaders.add("x-junk", new byte[20_000]);
        try (Admin admin = Admin.create(props);
             KafkaProducer<String, byte[]> hostile = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            Map<String, TopicDescription> described = admin.describeTopics(targets).allTopicNames().get();
            for (String topic : targets) {
                for (int partition = 0; partition < described.get(topic).partitions().size(); partition++) {
                    for (byte[] value : values) {
                        hostile.send(new ProducerRecord<>(topic, partition, "hostile", value, hostileHeaders)).get();
                    }
                    hostile.send(new ProducerRecord<>(topic, partition, "tombstone", (byte[]) null)).get();
                    if (!compacted.contains(topic)) { // a compacted topic refuses a record without a key itself
                        hostile.send(new ProducerRecord<>(topic, partition, null, "{}".getBytes(StandardCharsets.UTF_8))).get();
                    }
                }
            }
        }
    }

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
                    : r.systemMessage().contains("Master Agent") ? Reply.content("{\"text\":\"Short.\"}")
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
                writeHostileRecordsToEveryPartition(stack.bootstrap(), topics);

                ApiClient api = new ApiClient(stack.url(), API_KEY);
                int partitions = topics.jobs().spec().partitions();
                Set<Integer> moved = new HashSet<>();
                for (int i = 0; moved.size() < partitions && i < 20 * partitions; i++) {
                    String job = api.submit("After the garbage, document " + i + " still gets its report.", null);
                    int partition = Utils.toPositive(Utils.murmur2(job.getBytes(StandardCharsets.UTF_8))) % partitions;
                    if (moved.contains(partition)) {
                        continue;
                    }
                    Optional<Report> report = api.awaitReport(job, Duration.ofSeconds(120));
                    assertThat(report).as("report of job %s on partition %d after hostile records", job, partition).isPresent();
                    assertThat(report.get().status()).isEqualTo(Report.Status.COMPLETED);
                    moved.add(partition);
                }
                assertThat(moved).as("partitions on which a job completed after the hostile records").hasSize(partitions);

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
