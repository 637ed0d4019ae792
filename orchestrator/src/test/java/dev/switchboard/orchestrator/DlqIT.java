package dev.switchboard.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.config.Secret;
import dev.switchboard.contracts.message.DeadLetterHeaders;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.Ids;
import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.topic.AgentTopics;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.orchestrator.dlq.KafkaDeadLetters;
import dev.switchboard.orchestrator.jobs.FanOut;
import dev.switchboard.testkit.KafkaTest;
import dev.switchboard.testkit.TestKafka;
import dev.switchboard.testkit.TopicProbe;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The DLQ API (decision 0026): list, show and replay dead letters, each replay once, admin only. */
@KafkaTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DlqIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String KEY = "dlq-it-key-5c1e2a7b";
    private static final String ADMIN = "dlq-it-admin-91f0d3c4";
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String LISTED = "dlqlist-" + SUFFIX;
    private static final String REPLAYED = "dlqreplay-" + SUFFIX;
    private static final String FENCED = "dlqfence-" + SUFFIX;
    private static final String BULK = "dlqbulk-" + SUFFIX;
    private static final String TWICE = "dlqtwice-" + SUFFIX;
    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private Instant now;
    private TopicCatalogue topics;
    private TestKafka kafka;
    private Orchestrator orchestrator;
    private KafkaProducer<String, byte[]> producer;

    @BeforeAll
    void start(TestKafka kafka) {
        this.kafka = kafka;
        this.topics = TopicCatalogue.bundled().withAgent(LISTED, List.of("1s"), 2).withAgent(REPLAYED, List.of("1s"), 2)
                .withAgent(FENCED, List.of("1s"), 2).withAgent(BULK, List.of("1s"), 2).withAgent(TWICE, List.of("1s"), 2);
        TopicProvisioner.provision(KafkaSettings.of(kafka.bootstrapServers()), topics);
        this.producer = new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(), new ByteArraySerializer());
        OrchestratorConfig config = OrchestratorConfig.custom().port(0)
                .apiKeys(List.of(Secret.of(KEY))).adminApiKeys(List.of(Secret.of(ADMIN))).build();
        this.orchestrator = new Orchestrator(config, KafkaSettings.of(kafka.bootstrapServers()), topics,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC()).start();
        await().atMost(WAIT).until(() -> orchestrator.view().caughtUp());
    }

    @BeforeEach
    void now() {
        now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @AfterAll
    void stop() {
        producer.close();
        orchestrator.close();
    }

    private Http admin() {
        return new Http(orchestrator.port(), ADMIN);
    }

    /** A dead letter as the agent runtime writes it, on partition 0; returns the task. */
    private Task deadLetter(String agent, Instant failedAt, String errorClass, String errorType, boolean truncated) throws Exception {
        Task task = new Task(1, Ids.newId(), Ids.newId(), agent, 2, Document.ofText("dead " + failedAt), null,
                failedAt.minusSeconds(60), failedAt.plusSeconds(240));
        deadLetter(task, failedAt, errorClass, errorType, truncated);
        return task;
    }

    /** {@code task} dead-lettered (again) at {@code failedAt}, on partition 0. */
    private void deadLetter(Task task, Instant failedAt, String errorClass, String errorType, boolean truncated) throws Exception {
        String agent = task.agent();
        AgentTopics at = topics.agent(agent);
        byte[] value = at.tasks().valueSerde().serializer().serialize(at.tasks().name(), task);
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", TRACEPARENT.getBytes(StandardCharsets.US_ASCII));
        header(headers, DeadLetterHeaders.ERROR_CLASS, errorClass);
        header(headers, DeadLetterHeaders.ERROR_TYPE, errorType);
        header(headers, DeadLetterHeaders.ERROR_MESSAGE, "the model answered garbage");
        header(headers, DeadLetterHeaders.ATTEMPTS, "2");
        header(headers, DeadLetterHeaders.SOURCE_TOPIC, at.retryTiers().get(0).topic().name());
        header(headers, DeadLetterHeaders.FAILED_AT, failedAt.toString());
        if (truncated) {
            header(headers, DeadLetterHeaders.TRUNCATED, "true");
            value = java.util.Arrays.copyOf(value, 40);
        }
        producer.send(new ProducerRecord<>(at.deadLetters().name(), 0, failedAt.toEpochMilli(), task.jobId().toString(), value,
                headers)).get();
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldServeDeadLettersToAdminKeysOnly() {
        // Given keys are configured
        Http user = new Http(orchestrator.port(), KEY);
        Http nobody = new Http(orchestrator.port(), null);

        // Then a plain key is refused (403), no key is unauthenticated (401), an admin key reads
        for (Http.Response r : List.of(user.get("/v1/dlq"), user.get("/v1/dlq/" + LISTED + ":0:0"),
                user.postJson("/v1/dlq/replay", "{\"agent\":\"" + REPLAYED + "\"}"))) {
            assertThat(r.status()).as(r.body()).isEqualTo(403);
            assertThat(r.json().path("type").asText()).isEqualTo("/problems/admin-key-required");
        }
        assertThat(nobody.get("/v1/dlq").status()).isEqualTo(401);
        assertThat(admin().get("/v1/dlq?agent=" + LISTED).status()).isEqualTo(200);
    }

    @Test
    void shouldRefuseStrangeRefsAndFilters() {
        Http admin = admin();
        // Then malformed refs and filters answer 400, unknown agents 422, refs to nothing 404
        for (String path : List.of("/v1/dlq/nonsense", "/v1/dlq/a:b:c", "/v1/dlq/" + LISTED + ":-1:0", "/v1/dlq/" + "x".repeat(300) + ":0:0",
                "/v1/dlq?limit=0", "/v1/dlq?limit=abc", "/v1/dlq?since=yesterday", "/v1/dlq?errorClass=")) {
            assertThat(admin.get(path).status()).as(path).isEqualTo(400);
        }
        assertThat(admin.get("/v1/dlq?agent=no-such-agent").status()).isEqualTo(422);
        assertThat(admin.get("/v1/dlq/no-such-agent:0:0").status()).isEqualTo(404);
        assertThat(admin.get("/v1/dlq/" + LISTED + ":0:999999").status()).isEqualTo(404);
        assertThat(admin.get("/v1/dlq/" + LISTED + ":99:0").status()).isEqualTo(404);
        for (String body : List.of("{\"refs\":[\"nope\"]}", "{\"refs\":\"x\"}", "[1]", "{\"agent\":\"" + REPLAYED + "\",\"max\":0}",
                "{\"agent\":\"" + REPLAYED + "\",\"bogus\":1}", "{\"agent\":\"" + REPLAYED + "\",\"dryRun\":\"yes\"}")) {
            assertThat(admin.postJson("/v1/dlq/replay", body).status()).as(body).isEqualTo(400);
        }
        assertThat(admin.postJson("/v1/dlq/replay", "{}").status()).isEqualTo(422);
        String tooMany = "{\"refs\":[" + String.join(",", java.util.Collections.nCopies(501, "\"" + REPLAYED + ":0:0\"")) + "]}";
        assertThat(admin.postJson("/v1/dlq/replay", tooMany).status()).isEqualTo(400);

        // And a 'since' before the epoch, or further back than an instant goes, reads from the start of the queue
        for (String since : List.of("30000d", "1900-01-01T00:00:00Z", "PT9999999999999S")) {
            Http.Response r = admin.get("/v1/dlq?agent=" + LISTED + "&since=" + since);
            assertThat(r.status()).as(since + ": " + r.body()).isEqualTo(200);
        }
        assertThat(admin.get("/v1/dlq?since=PT99999999999999999999S").json().path("type").asText()).isEqualTo("/problems/invalid-since");
    }

    @Test
    void shouldListTheNewestDeadLettersOfAQueueLongerThanTheScanCapAndSayItIsIncomplete() throws Exception {
        // Given more dead letters on one partition than a listing scans (10,000), a second apart, ending a day ago
        int count = 10_050;
        Instant end = now.minus(1, ChronoUnit.DAYS);
        Task task = new Task(1, Ids.newId(), Ids.newId(), BULK, 2, Document.ofText("bulk"), null, now, now.plusSeconds(240));
        AgentTopics at = topics.agent(BULK);
        byte[] value = at.tasks().valueSerde().serializer().serialize(at.tasks().name(), task);
        for (int i = 0; i < count; i++) {
            Instant failedAt = end.minusSeconds(count - i);
            RecordHeaders headers = new RecordHeaders();
            header(headers, DeadLetterHeaders.FAILED_AT, failedAt.toString());
            producer.send(new ProducerRecord<>(at.deadLetters().name(), 0, failedAt.toEpochMilli(), "bulk-" + i, value, headers));
        }
        producer.flush();

        // When listing the newest five
        JsonNode newest = admin().get("/v1/dlq?agent=" + BULK + "&limit=5").json();

        // Then they are the five written last, newest first, and the listing says it did not read the whole queue
        assertThat(newest.path("deadLetters")).extracting(n -> n.path("ref").asText())
                .containsExactly(BULK + ":0:10049", BULK + ":0:10048", BULK + ":0:10047", BULK + ":0:10046", BULK + ":0:10045");
        assertThat(newest.path("complete").asBoolean()).isFalse();

        // And a 'since' within the queue reads back to it, completely
        JsonNode recent = admin().get("/v1/dlq?agent=" + BULK + "&since=" + end.minusMillis(30_500)).json();
        assertThat(recent.path("deadLetters")).hasSize(30);
        assertThat(recent.path("complete").asBoolean()).isTrue();
    }

    @Test
    void shouldReplayATaskOnceWhicheverDeadLettersHoldItAndWarnOfJobsOlderThanTheAmendWindow() throws Exception {
        // Given a ledger entry left from before the DLQ topic was recreated: it names offset 0, for another task
        producer.send(new ProducerRecord<>(topics.dlqReplays().name(), TWICE + ":0:0", Json.toBytes(java.util.Map.of(
                "ref", TWICE + ":0:0", "jobId", Ids.newId().toString(), "taskId", Ids.newId().toString(),
                "replayedAt", now.minus(20, ChronoUnit.DAYS).toString())))).get();
        // And a task dead-lettered twice (offsets 0 and 1), and a task of a job older than the amend window (offset 2)
        Task twice = deadLetter(TWICE, now.minus(3, ChronoUnit.MINUTES), "dev.example.ParseException", "INVALID_OUTPUT", false);
        deadLetter(twice, now.minus(2, ChronoUnit.MINUTES), "dev.example.ParseException", "INVALID_OUTPUT", false);
        Task old = deadLetter(TWICE, now.minus(8, ChronoUnit.DAYS), "dev.example.ParseException", "INVALID_OUTPUT", false);
        Http admin = admin();

        // When listing, Then none was replayed (the ledger's entry for offset 0 is another task's)
        assertThat(admin.get("/v1/dlq?agent=" + TWICE).json().path("deadLetters"))
                .extracting(n -> n.path("replayed").asBoolean()).containsExactly(false, false, false);

        // When replaying (a dry run first), Then the task is sent once, the second copy skipped, the old job flagged
        for (String body : List.of("{\"agent\":\"" + TWICE + "\",\"dryRun\":true}", "{\"agent\":\"" + TWICE + "\"}")) {
            JsonNode done = admin.postJson("/v1/dlq/replay", body).json();
            assertThat(done.path("sent")).as(body).extracting(n -> n.path("ref").asText())
                    .containsExactly(TWICE + ":0:2", TWICE + ":0:0");
            assertThat(done.path("sent")).extracting(n -> n.path("warning").asText(null))
                    .containsExactly("job-older-than-amend-window", null);
            assertThat(done.path("skipped")).extracting(n -> n.path("ref").asText() + " " + n.path("reason").asText())
                    .containsExactly(TWICE + ":0:1 duplicate");
        }
        try (TopicProbe tasks = new TopicProbe(kafka, topics.agent(TWICE).tasks().name())) {
            assertThat(tasks.awaitMatching(r -> true, 2, WAIT)).extracting(r -> Json.fromBytes(r.value(), Task.class).taskId())
                    .containsExactlyInAnyOrder(twice.taskId(), old.taskId());
        }

        // When the task is dead-lettered a third time and the agent replayed again, Then the ledger has its task: nothing is sent
        deadLetter(twice, now.minus(1, ChronoUnit.MINUTES), "dev.example.ParseException", "INVALID_OUTPUT", false);
        JsonNode again = admin.postJson("/v1/dlq/replay", "{\"agent\":\"" + TWICE + "\"}").json();
        assertThat(again.path("sent")).isEmpty();
        assertThat(again.path("skipped")).extracting(n -> n.path("reason").asText()).containsOnly("already-replayed").hasSize(4);
    }

    @Test
    void shouldListNewestFirstByAgentTimeAndErrorAndShowOneWithHeadersAndTask() throws Exception {
        // Given three dead letters of one agent, a minute apart, the newest truncated
        Task oldest = deadLetter(LISTED, now.minus(3, ChronoUnit.MINUTES), "dev.example.ParseException", "INVALID_OUTPUT", false);
        Task middle = deadLetter(LISTED, now.minus(2, ChronoUnit.MINUTES), "java.io.IOException", "RETRIES_EXHAUSTED", false);
        Task newest = deadLetter(LISTED, now.minus(1, ChronoUnit.MINUTES), "dev.example.ParseException", "INVALID_OUTPUT", true);
        Http admin = admin();

        // When listing them
        JsonNode all = admin.get("/v1/dlq?agent=" + LISTED).json();

        // Then newest first, with what each one is
        assertThat(all.path("complete").asBoolean()).isTrue();
        assertThat(jobIds(all)).containsExactly(newest.jobId().toString(), middle.jobId().toString(), oldest.jobId().toString());
        JsonNode first = all.path("deadLetters").get(2);
        assertThat(first.path("ref").asText()).matches(LISTED + ":0:\\d+");
        assertThat(first.path("taskId").asText()).isEqualTo(oldest.taskId().toString());
        assertThat(first.path("attempts").asInt()).isEqualTo(2);
        assertThat(first.path("errorType").asText()).isEqualTo("INVALID_OUTPUT");
        assertThat(first.path("failedAt").asText()).isEqualTo(now.minus(3, ChronoUnit.MINUTES).toString());
        assertThat(first.path("sourceTopic").asText()).endsWith(".retry-1s");
        assertThat(first.path("replayed").asBoolean()).isFalse();
        assertThat(all.path("deadLetters").get(0).path("truncated").asBoolean()).isTrue();

        // And the filters select by error class (full or simple name), error type, time and count
        assertThat(jobIds(admin.get("/v1/dlq?agent=" + LISTED + "&errorClass=ParseException").json()))
                .containsExactly(newest.jobId().toString(), oldest.jobId().toString());
        assertThat(jobIds(admin.get("/v1/dlq?agent=" + LISTED + "&errorClass=java.io.IOException").json()))
                .containsExactly(middle.jobId().toString());
        assertThat(jobIds(admin.get("/v1/dlq?agent=" + LISTED + "&errorClass=RETRIES_EXHAUSTED").json()))
                .containsExactly(middle.jobId().toString());
        assertThat(jobIds(admin.get("/v1/dlq?agent=" + LISTED + "&since=" + now.minus(150, ChronoUnit.SECONDS)).json()))
                .containsExactly(newest.jobId().toString(), middle.jobId().toString());
        assertThat(jobIds(admin.get("/v1/dlq?agent=" + LISTED + "&since=90s").json())).containsExactly(newest.jobId().toString());
        assertThat(jobIds(admin.get("/v1/dlq?agent=" + LISTED + "&limit=1").json())).containsExactly(newest.jobId().toString());
        assertThat(jobIds(admin.get("/v1/dlq").json())).contains(oldest.jobId().toString());

        // And one shows every header and its task, or says the copy is truncated
        JsonNode shown = admin.get("/v1/dlq/" + first.path("ref").asText()).json();
        assertThat(shown.path("headers").path(DeadLetterHeaders.ERROR_CLASS).asText()).isEqualTo("dev.example.ParseException");
        assertThat(shown.path("headers").path("traceparent").asText()).isEqualTo(TRACEPARENT);
        assertThat(Json.fromTree(shown.path("task"), Task.class)).isEqualTo(oldest);
        JsonNode cut = admin.get("/v1/dlq/" + all.path("deadLetters").get(0).path("ref").asText()).json();
        assertThat(cut.hasNonNull("task")).isFalse();
        assertThat(cut.path("taskUnavailable").asText()).contains("truncated");
    }

    @Test
    void shouldReplayEachDeadLetterOnceWithItsLedgerRecordAndEventAndSkipTruncatedCopies() throws Exception {
        // Given two dead letters of an agent and a truncated one
        Task first = deadLetter(REPLAYED, now.minus(2, ChronoUnit.MINUTES), "dev.example.ParseException", "INVALID_OUTPUT", false);
        Task second = deadLetter(REPLAYED, now.minus(1, ChronoUnit.MINUTES), "dev.example.ParseException", "INVALID_OUTPUT", false);
        deadLetter(REPLAYED, now.minus(30, ChronoUnit.SECONDS), "dev.example.ParseException", "INVALID_OUTPUT", true);
        Http admin = admin();
        AgentTopics at = topics.agent(REPLAYED);

        // When a dry run asks first, Then it names what would be sent and sends nothing
        JsonNode dry = admin.postJson("/v1/dlq/replay", "{\"agent\":\"" + REPLAYED + "\",\"dryRun\":true}").json();
        assertThat(dry.path("dryRun").asBoolean()).isTrue();
        assertThat(dry.path("sent")).hasSize(2);
        assertThat(dry.path("skipped").get(0).path("reason").asText()).isEqualTo("truncated");

        // When replaying for real
        JsonNode done = admin.postJson("/v1/dlq/replay", "{\"agent\":\"" + REPLAYED + "\"}").json();

        // Then both tasks are back on the task topic, oldest first: same ids, attempt 1, the replay headers and trace
        assertThat(done.path("sent")).extracting(n -> n.path("jobId").asText())
                .containsExactly(first.jobId().toString(), second.jobId().toString());
        try (TopicProbe tasks = new TopicProbe(kafka, at.tasks().name());
             TopicProbe ledger = new TopicProbe(kafka, topics.dlqReplays().name());
             TopicProbe events = new TopicProbe(kafka, topics.events().name())) {
            List<Task> sent = new ArrayList<>();
            for (var r : tasks.awaitMatching(r -> true, 2, WAIT)) {
                sent.add(Json.fromBytes(r.value(), Task.class));
                assertThat(header(r, DeadLetterHeaders.REPLAY_OF)).startsWith(REPLAYED + ":0:");
                assertThat(header(r, DeadLetterHeaders.REPLAY_ATTEMPTS)).isEqualTo("2");
                assertThat(Instant.parse(header(r, DeadLetterHeaders.REPLAY_AT))).isAfter(now.minusSeconds(1));
                assertThat(header(r, "traceparent")).isEqualTo(TRACEPARENT);
            }
            assertThat(sent).extracting(Task::taskId).containsExactlyInAnyOrder(first.taskId(), second.taskId());
            assertThat(sent).extracting(Task::attempt).containsOnly(1);
            assertThat(sent.get(0).deadline()).isAfter(Instant.now()); // the passed deadline moved on
            assertThat(ledger.awaitMatching(r -> r.key().startsWith(REPLAYED + ":"), 2, WAIT)).hasSize(2);
            assertThat(events.awaitMatching(r -> r.key().equals(first.jobId().toString()), 1, WAIT))
                    .extracting(r -> Json.fromBytes(r.value(), JobEvent.class).type()).containsExactly(JobEvent.Type.TASK_REPLAYED);

            // And the listing says they were replayed; When replaying again, Then nothing is sent
            assertThat(admin.get("/v1/dlq?agent=" + REPLAYED).json().path("deadLetters"))
                    .extracting(n -> n.path("replayed").asBoolean()).containsExactly(false, true, true);
            JsonNode again = admin.postJson("/v1/dlq/replay", "{\"agent\":\"" + REPLAYED + "\"}").json();
            assertThat(again.path("sent")).isEmpty();
            assertThat(again.path("skipped")).extracting(n -> n.path("reason").asText())
                    .containsExactly("already-replayed", "already-replayed", "truncated");
            JsonNode byRef = admin.postJson("/v1/dlq/replay", "{\"refs\":[\"" + done.path("sent").get(0).path("ref").asText()
                    + "\",\"" + REPLAYED + ":0:999999\"]}").json();
            assertThat(byRef.path("skipped")).extracting(n -> n.path("reason").asText()).containsExactlyInAnyOrder("already-replayed", "not-found");
            assertThat(tasks.settle(r -> true, Duration.ofMillis(500))).hasSize(2);
        }
    }

    @Test
    void shouldFenceAReplayLeftHalfwayAndSendItsDeadLetterOnlyOnce() throws Exception {
        // Given a replayer that died mid-transaction: task and ledger record sent, never committed
        Task task = deadLetter(FENCED, now.minus(1, ChronoUnit.MINUTES), "dev.example.ParseException", "INVALID_OUTPUT", false);
        String ref = admin().get("/v1/dlq?agent=" + FENCED).json().path("deadLetters").get(0).path("ref").asText();
        AgentTopics at = topics.agent(FENCED);
        Producer<String, byte[]> crashed = FanOut.newProducer(KafkaSettings.of(kafka.bootstrapServers()), topics,
                KafkaDeadLetters.TRANSACTIONAL_ID);
        crashed.beginTransaction();
        crashed.send(new ProducerRecord<>(at.tasks().name(), task.jobId().toString(),
                at.tasks().valueSerde().serializer().serialize(at.tasks().name(), task))).get();
        crashed.send(new ProducerRecord<>(topics.dlqReplays().name(), ref, "{}".getBytes(StandardCharsets.UTF_8))).get();

        // When the replay runs again
        JsonNode done = admin().postJson("/v1/dlq/replay", "{\"agent\":\"" + FENCED + "\"}").json();

        // Then it took over (the open transaction is aborted, never visible) and sent the dead letter once
        assertThat(done.path("sent")).extracting(n -> n.path("ref").asText()).containsExactly(ref);
        try (TopicProbe tasks = new TopicProbe(kafka, at.tasks().name());
             TopicProbe ledger = new TopicProbe(kafka, topics.dlqReplays().name())) {
            assertThat(tasks.awaitMatching(r -> true, 1, WAIT)).hasSize(1);
            assertThat(ledger.awaitMatching(r -> r.key().equals(ref), 1, WAIT)).hasSize(1);
            assertThat(tasks.settle(r -> true, Duration.ofMillis(500))).hasSize(1);
            assertThat(header(tasks.settle(r -> true, Duration.ZERO).get(0), DeadLetterHeaders.REPLAY_OF)).isEqualTo(ref);
        }
        assertThat(admin().postJson("/v1/dlq/replay", "{\"agent\":\"" + FENCED + "\"}").json().path("sent")).isEmpty();
        try {
            crashed.commitTransaction();
            throw new AssertionError("the crashed replayer's transaction should have been fenced");
        } catch (org.apache.kafka.common.KafkaException fenced) {
            // expected: the replay took its transactional id over
        } finally {
            crashed.close(Duration.ZERO);
        }
    }

    private static List<String> jobIds(JsonNode listing) {
        List<String> ids = new ArrayList<>();
        listing.path("deadLetters").forEach(n -> ids.add(n.path("jobId").asText()));
        return ids;
    }

    private static String header(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
