package dev.switchboard.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.config.Secret;
import dev.switchboard.contracts.message.AgentRegistration;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.message.Versioned;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.testkit.KafkaTest;
import dev.switchboard.testkit.TestKafka;
import dev.switchboard.testkit.TopicProbe;
import dev.switchboard.contracts.message.DeadLetterHeaders;
import dev.switchboard.observability.management.ReadinessChecks;
import dev.switchboard.orchestrator.health.Supervisor;
import dev.switchboard.orchestrator.http.SubmitRequestParser;
import dev.switchboard.orchestrator.ingress.IngressConfig;
import dev.switchboard.orchestrator.ingress.KafkaIngress;
import dev.switchboard.orchestrator.jobs.JobIds;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The orchestrator over real HTTP on a real broker. */
@KafkaTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrchestratorIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final TopicCatalogue topics = TopicCatalogue.bundled();
    private TestKafka kafka;
    private Orchestrator orchestrator;
    private Http http;
    private TestRecords records;

    @BeforeAll
    void start(TestKafka kafka) {
        this.kafka = kafka;
        TopicProvisioner.provision(KafkaSettings.of(kafka.bootstrapServers()), topics);
        this.orchestrator = new Orchestrator(config().build(), KafkaSettings.of(kafka.bootstrapServers()), topics).start();
        this.http = new Http(orchestrator.port(), null);
        this.records = new TestRecords(kafka, topics);
        await().atMost(WAIT).until(() -> orchestrator.view().caughtUp());
    }

    static OrchestratorConfig.Builder config() {
        return OrchestratorConfig.custom().port(0).callbackSecret(Secret.of("it-callback-signing-7c1e")).callbackAllowPrivate(true)
                .callbackBackoff(Duration.ofMillis(100)).callbackMaxAttempts(3);
    }

    @AfterAll
    void stop() {
        records.close();
        orchestrator.close();
    }

    private UUID submit(String json) {
        Http.Response r = http.postJson("/v1/jobs", json);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return UUID.fromString(r.json().path("jobId").asText());
    }

    private JsonNode awaitStatus(UUID jobId, String status) {
        await().atMost(WAIT).until(() -> {
            Http.Response r = http.get("/v1/jobs/" + jobId);
            return r.status() == 200 && r.json().path("status").asText().equals(status);
        });
        return http.get("/v1/jobs/" + jobId).json();
    }

    @Test
    void shouldFanOutOneTaskPerAgentWithTheManifestAndASubmittedEvent() {
        Http.Response r = http.postJson("/v1/jobs", "{\"document\":\"Great service.\",\"agents\":[\"sentiment\",\"summary\"],"
                + "\"deadlineSeconds\":120,\"metadata\":{\"source\":\"test\"}}");

        assertThat(r.status()).isEqualTo(202);
        UUID jobId = UUID.fromString(r.json().path("jobId").asText());
        assertThat(r.header("Location")).isEqualTo("/v1/jobs/" + jobId);
        assertThat(r.json().path("links").path("report").asText()).isEqualTo("/v1/jobs/" + jobId + "/report");
        String key = jobId.toString();
        try (TopicProbe jobs = new TopicProbe(kafka, topics.jobs().name());
             TopicProbe sentiment = new TopicProbe(kafka, topics.agent("sentiment").tasks().name());
             TopicProbe summary = new TopicProbe(kafka, topics.agent("summary").tasks().name());
             TopicProbe entities = new TopicProbe(kafka, topics.agent("entities").tasks().name());
             TopicProbe events = new TopicProbe(kafka, topics.events().name())) {
            JobManifest m = Json.fromBytes(jobs.awaitMatching(rec -> rec.key().equals(key), 1, WAIT).get(0).value(), JobManifest.class);
            assertThat(m.agents()).containsExactly("sentiment", "summary");
            assertThat(Duration.between(m.submittedAt(), m.deadline())).isEqualTo(Duration.ofSeconds(120));
            assertThat(m.metadata()).containsEntry("source", "test");
            Task t = Json.fromBytes(sentiment.awaitMatching(rec -> rec.key().equals(key), 1, WAIT).get(0).value(), Task.class);
            assertThat(t.document().text()).isEqualTo("Great service.");
            assertThat(t.attempt()).isEqualTo(1);
            assertThat(t.deadline()).isEqualTo(m.deadline());
            assertThat(summary.awaitMatching(rec -> rec.key().equals(key), 1, WAIT)).hasSize(1);
            assertThat(entities.settle(rec -> rec.key().equals(key), Duration.ofMillis(500))).isEmpty();
            JobEvent submitted = Json.fromBytes(events.awaitMatching(rec -> rec.key().equals(key), 1, WAIT).get(0).value(), JobEvent.class);
            assertThat(submitted.type()).isEqualTo(JobEvent.Type.SUBMITTED);
        }
    }

    @Test
    void shouldSendAPlainTextBodyToEveryDefaultAgentOfTheFirstStageAndShowTheLaterStageWaitingUntilReleased() {
        // Given the default pipeline, whose synthesis needs sentiment, entities and summary (decision 0030)
        Http.Response r = http.post("/v1/jobs", "text/plain; charset=utf-8", "Plain words.".getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(202);
        UUID jobId = UUID.fromString(r.json().path("jobId").asText());
        String key = jobId.toString();

        // Then the status lists every agent with its stage, the later stage waiting
        JsonNode status = awaitStatus(jobId, "PENDING");
        List<String> agents = new ArrayList<>();
        status.path("agents").fieldNames().forEachRemaining(agents::add);
        assertThat(agents).containsExactly("sentiment", "entities", "summary", "synthesis");
        assertThat(status.path("agents").path("sentiment").path("state").asText()).isEqualTo("queued");
        assertThat(status.path("agents").path("sentiment").path("stage").asInt()).isEqualTo(1);
        assertThat(status.path("agents").path("synthesis").path("state").asText()).isEqualTo("waiting");
        assertThat(status.path("agents").path("synthesis").path("stage").asInt()).isEqualTo(2);
        // and the manifest carries the workflow and the document; the view keeps none; only first-stage tasks are written
        try (TopicProbe jobs = new TopicProbe(kafka, topics.jobs().name());
             TopicProbe sentiment = new TopicProbe(kafka, topics.agent("sentiment").tasks().name());
             TopicProbe synthesis = new TopicProbe(kafka, topics.agent("synthesis").tasks().name())) {
            JobManifest m = Json.fromBytes(jobs.awaitMatching(rec -> rec.key().equals(key), 1, WAIT).get(0).value(), JobManifest.class);
            assertThat(m.needs()).containsExactly(Map.entry("synthesis", List.of("sentiment", "entities", "summary")));
            assertThat(m.document().text()).isEqualTo("Plain words.");
            assertThat(orchestrator.view().job(jobId).orElseThrow().manifest().document()).isNull();
            assertThat(orchestrator.view().job(jobId).orElseThrow().manifest().needs()).isEqualTo(m.needs());
            assertThat(sentiment.awaitMatching(rec -> rec.key().equals(key), 1, WAIT)).hasSize(1);
            assertThat(synthesis.settle(rec -> rec.key().equals(key), Duration.ofMillis(500))).isEmpty();
        }

        // When the aggregator releases the synthesis, then it is queued like a freshly submitted task
        records.event(jobId, JobEvent.Type.TASK_RELEASED, "synthesis");
        await().atMost(WAIT).until(() -> http.get("/v1/jobs/" + jobId).json().path("agents").path("synthesis").path("state")
                .asText().equals("queued"));
        assertThat(http.get("/v1/jobs/" + jobId).json().path("status").asText()).isEqualTo("PENDING");
    }

    @Test
    void shouldReturnTheSameJobForARetriedSubmitAndRefuseAReusedKey() {
        String body = "{\"document\":\"Once only.\",\"agents\":[\"sentiment\"]}";
        Http.Response first = http.postJson("/v1/jobs", body, "Idempotency-Key", "order-42-" + UUID.randomUUID());
        String key = first.raw().request().headers().firstValue("Idempotency-Key").orElseThrow();
        Http.Response again = http.postJson("/v1/jobs", body, "Idempotency-Key", key);
        Http.Response other = http.postJson("/v1/jobs", "{\"document\":\"Something else.\"}", "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json().path("jobId").asText()).isEqualTo(first.json().path("jobId").asText());
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.contentType()).startsWith("application/problem+json");

        // and a fresh orchestrator instance, knowing the job only from Kafka, says the same
        try (Orchestrator second = new Orchestrator(config().build(), KafkaSettings.of(kafka.bootstrapServers()), topics).start()) {
            Http secondHttp = new Http(second.port(), null);
            await().atMost(WAIT).until(() -> second.view().caughtUp());
            Http.Response replay = secondHttp.postJson("/v1/jobs", body, "Idempotency-Key", key);
            assertThat(replay.json().path("jobId").asText()).isEqualTo(first.json().path("jobId").asText());
            assertThat(secondHttp.postJson("/v1/jobs", "{\"document\":\"different\"}", "Idempotency-Key", key).status()).isEqualTo(409);
        }
    }

    @Test
    void shouldMoveThroughTheStatusesAsResultsAndTheReportArrive() {
        UUID jobId = submit("{\"document\":\"Status please.\",\"agents\":[\"sentiment\",\"entities\"]}");
        awaitStatus(jobId, "PENDING");
        assertThat(http.get("/v1/jobs/" + jobId + "/report").status()).isEqualTo(202);

        records.event(jobId, JobEvent.Type.TASK_RETRY_SCHEDULED, "entities");
        JsonNode running = awaitStatus(jobId, "RUNNING");
        assertThat(running.path("agents").path("entities").path("state").asText()).isEqualTo("retrying");

        AgentResult ok = records.ok(jobId, "sentiment");
        AgentResult failed = records.failed(jobId, "entities");
        await().atMost(WAIT).until(() -> http.get("/v1/jobs/" + jobId).json().path("agents").path("entities").path("state").asText().equals("failed"));
        JsonNode both = http.get("/v1/jobs/" + jobId).json();
        assertThat(both.path("agents").path("sentiment").path("state").asText()).isEqualTo("done");
        assertThat(both.path("agents").path("entities").path("error").path("type").asText()).isEqualTo("AGENT_ERROR");

        CompletableFuture<HttpResponse<String>> longPoll = http.client().sendAsync(
                http.request("/v1/jobs/" + jobId + "/report?waitSeconds=20").GET().build(), HttpResponse.BodyHandlers.ofString());
        records.report(jobId, Report.Status.PARTIAL, Map.of("sentiment", ok, "entities", failed));

        JsonNode done = awaitStatus(jobId, "PARTIAL");
        assertThat(done.path("report").path("synthesis").asText()).isEqualTo("All done.");
        HttpResponse<String> waited = longPoll.join();
        assertThat(waited.statusCode()).isEqualTo(200);
        assertThat(Json.fromString(waited.body(), Report.class).status()).isEqualTo(Report.Status.PARTIAL);
        assertThat(http.get("/v1/jobs/" + jobId + "/report").status()).isEqualTo(200);
    }

    @Test
    void shouldStreamEventsAndResumeFromLastEventIdWithoutLossOrRepeats() throws Exception {
        UUID jobId = submit("{\"document\":\"Follow me.\",\"agents\":[\"sentiment\"]}");
        records.event(jobId, JobEvent.Type.TASK_RETRY_SCHEDULED, "sentiment");
        records.event(jobId, JobEvent.Type.TASK_COMPLETED, "sentiment");

        List<String[]> firstTwo = new ArrayList<>();
        HttpResponse<InputStream> stream = http.client().send(http.request("/v1/jobs/" + jobId + "/events").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        try (InputStream in = stream.body()) {
            Iterator<String[]> sse = Http.sseEvents(in);
            firstTwo.add(sse.next());
            firstTwo.add(sse.next());
        }
        assertThat(firstTwo).extracting(e -> e[1]).containsExactly("SUBMITTED", "TASK_RETRY_SCHEDULED");

        records.event(jobId, JobEvent.Type.REPORT_READY, null);
        List<String[]> rest = new ArrayList<>();
        HttpResponse<InputStream> resumed = http.client().send(http.request("/v1/jobs/" + jobId + "/events",
                "Last-Event-ID", firstTwo.get(1)[0]).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(resumed.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        try (InputStream in = resumed.body()) {
            Http.sseEvents(in).forEachRemaining(rest::add); // ends by itself after REPORT_READY
        }
        assertThat(rest).extracting(e -> e[1]).containsExactly("TASK_COMPLETED", "REPORT_READY");
        assertThat(Long.parseLong(rest.get(0)[0])).isGreaterThan(Long.parseLong(firstTwo.get(1)[0]));
    }

    @Test
    void shouldListAnnouncedAgentsAndAcceptJobsForANewAgentTypeWithoutChange() throws Exception {
        String agent = "keywords-" + UUID.randomUUID().toString().substring(0, 6);
        TopicCatalogue withAgent = topics.withAgent(agent);
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            new TopicProvisioner(admin).apply(withAgent); // what the agent's own worker does at start
        }
        Instant now = Instant.now();
        records.write(topics.agents(), agent, new AgentRegistration(Versioned.CURRENT_VERSION, agent, "i-1", "x.Keywords",
                Json.toTree(Map.of("keywords", List.of("string"))), 4, AgentRegistration.Status.UP, now, now));

        await().atMost(WAIT).until(() -> http.get("/v1/agents").body().contains(agent));
        JsonNode agents = http.get("/v1/agents").json();
        JsonNode entry = null;
        for (JsonNode a : agents.path("agents")) {
            if (a.path("name").asText().equals(agent)) {
                entry = a;
            }
        }
        assertThat(entry).isNotNull();
        assertThat(entry.path("liveInstances").asInt()).isEqualTo(1);
        assertThat(entry.path("instances").get(0).path("instanceId").asText()).isEqualTo("i-1");
        assertThat(agents.path("declared").toString()).contains("sentiment");

        UUID jobId = submit("{\"document\":\"Find keywords.\",\"agents\":[\"" + agent + "\"]}");
        try (TopicProbe tasks = new TopicProbe(kafka, withAgent.agent(agent).tasks().name())) {
            assertThat(tasks.awaitMatching(r -> r.key().equals(jobId.toString()), 1, WAIT)).hasSize(1);
        }
    }

    @Test
    void shouldDeliverTheReportToTheCallbackSignedAndRetried() throws Exception {
        try (CallbackReceiver receiver = CallbackReceiver.start(500, 503)) {
            UUID jobId = submit("{\"document\":\"Call me back.\",\"agents\":[\"sentiment\"],\"callbackUrl\":\"" + receiver.url() + "\"}");
            awaitStatus(jobId, "PENDING");
            records.report(jobId, Report.Status.COMPLETED, Map.of("sentiment", records.ok(jobId, "sentiment")));

            await().atMost(WAIT).until(() -> receiver.deliveries().size() >= 3);
            CallbackReceiver.Delivery last = receiver.deliveries().get(2);
            assertThat(last.jobId()).isEqualTo(jobId.toString());
            assertThat(last.signature()).isEqualTo(dev.switchboard.orchestrator.callback.CallbackSender.signature(
                    "it-callback-signing-7c1e".getBytes(StandardCharsets.UTF_8), last.body()));
            assertThat(Json.fromBytes(last.body(), Report.class).jobId()).isEqualTo(jobId);
            try (TopicProbe events = new TopicProbe(kafka, topics.events().name())) {
                ConsumerRecord<String, byte[]> delivered = events.awaitMatching(r -> r.key().equals(jobId.toString())
                        && Json.fromBytes(r.value(), JobEvent.class).type() == JobEvent.Type.CALLBACK_DELIVERED, 1, WAIT).get(0);
                assertThat(Json.fromBytes(delivered.value(), JobEvent.class).message()).contains("after 3 attempt(s)");
            }
        }
    }

    @Test
    void shouldShowTheHighestRevisionOfAnAmendedReportAndDeliverEachRevisionOnce() throws Exception {
        try (CallbackReceiver receiver = CallbackReceiver.start()) {
            // Given a job reported FAILED, its callback delivered
            UUID jobId = submit("{\"document\":\"Amend me.\",\"agents\":[\"sentiment\"],\"callbackUrl\":\"" + receiver.url() + "\"}");
            awaitStatus(jobId, "PENDING");
            records.report(jobId, Report.Status.FAILED, Map.of("sentiment", records.failed(jobId, "sentiment")));
            await().atMost(WAIT).until(() -> receiver.deliveries().size() >= 1);

            // When a replayed dead letter's result amends it (revision 2, as the aggregator writes it)
            records.write(topics.reports(), jobId.toString(), new Report(Versioned.CURRENT_VERSION, jobId, 2, Report.Status.COMPLETED,
                    Map.of("sentiment", records.ok(jobId, "sentiment")), List.of(), List.of(), "Fixed.", Instant.now(), null));

            // Then the job and its report show revision 2, and each revision was delivered once, with its own webhook-id
            JsonNode amended = awaitStatus(jobId, "COMPLETED");
            assertThat(amended.path("report").path("revision").asInt()).isEqualTo(2);
            assertThat(http.get("/v1/jobs/" + jobId + "/report").json().path("revision").asInt()).isEqualTo(2);
            try (TopicProbe events = new TopicProbe(kafka, topics.events().name())) {
                List<String> delivered = events.awaitMatching(r -> r.key().equals(jobId.toString())
                        && Json.fromBytes(r.value(), JobEvent.class).type() == JobEvent.Type.CALLBACK_DELIVERED, 2, WAIT).stream()
                        .map(r -> Json.fromBytes(r.value(), JobEvent.class).message()).toList();
                assertThat(delivered).hasSize(2).anySatisfy(m -> assertThat(m).startsWith("revision 2: HTTP 200"));
            }
            assertThat(receiver.deliveries()).extracting(CallbackReceiver.Delivery::webhookId)
                    .containsExactlyInAnyOrder("msg_" + jobId, "msg_" + jobId + "_r2");
            assertThat(receiver.deliveries()).extracting(d -> d.headers().get("Switchboard-revision"))
                    .containsExactlyInAnyOrder("1", "2");
        }
    }

    @Test
    void shouldFanOutAThousandItemBatchInFewTransactionsAndAnswerEachItem() {
        // Given 1 000 NDJSON items, each with its own idempotency key
        String batch = java.util.stream.IntStream.range(0, 1_000).mapToObj(i -> "{\"document\":\"Batch document " + i
                + ".\",\"agents\":[\"sentiment\"],\"idempotencyKey\":\"batch-it-" + i + "\"}").collect(Collectors.joining("\n"));
        double transactionsBefore = metric("switchboard_orchestrator_fanout_batch_jobs_count");

        // When they are submitted in one request
        Http.Response r = http.post("/v1/jobs:batch", "application/x-ndjson", batch.getBytes(StandardCharsets.UTF_8));

        // Then every item has its own new job, written in few transactions, all of them on the log
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("accepted").asInt()).isEqualTo(1_000);
        List<String> jobIds = new ArrayList<>();
        r.json().path("items").forEach(item -> jobIds.add(item.path("jobId").asText()));
        assertThat(jobIds).hasSize(1_000).doesNotHaveDuplicates().allMatch(id -> id.length() == 36);
        double transactions = metric("switchboard_orchestrator_fanout_batch_jobs_count") - transactionsBefore;
        assertThat(transactions).as("fan-out transactions for 1 000 jobs").isBetween(1.0, 4.0);
        java.util.Set<String> ids = java.util.Set.copyOf(jobIds);
        try (TopicProbe jobs = new TopicProbe(kafka, topics.jobs().name())) {
            assertThat(jobs.awaitMatching(rec -> ids.contains(rec.key()), 1_000, WAIT)).hasSize(1_000);
        }

        // When a second batch replays a key, has a bad line and a new item
        String second = "{\"document\":\"Batch document 0.\",\"agents\":[\"sentiment\"],\"idempotencyKey\":\"batch-it-0\"}\n"
                + "{\"document\": not json\n{\"document\":\"One more.\",\"agents\":[\"sentiment\"]}\n";
        JsonNode answer = http.post("/v1/jobs:batch", "application/x-ndjson", second.getBytes(StandardCharsets.UTF_8)).json();

        // Then the replayed key names the same job, the bad line alone is refused, the new item is a job
        assertThat(answer.path("items").get(0).path("jobId").asText()).isEqualTo(jobIds.get(0));
        assertThat(answer.path("items").get(0).path("replayed").asBoolean()).isTrue();
        assertThat(answer.path("items").get(1).path("problem").path("type").asText()).isEqualTo("/problems/malformed-json");
        assertThat(answer.path("items").get(2).path("replayed").asBoolean()).isFalse();
        awaitStatus(UUID.fromString(answer.path("items").get(2).path("jobId").asText()), "PENDING");

        // And a batch of 1 001 items is refused whole
        Http.Response tooMany = http.post("/v1/jobs:batch", "application/x-ndjson",
                (batch + "\n{\"document\":\"one too many\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(tooMany.status()).isEqualTo(422);
        assertThat(tooMany.json().path("type").asText()).isEqualTo("/problems/too-many-items");
    }

    /** A Prometheus sample of the orchestrator's {@code /metrics}, 0 when absent. */
    private double metric(String name) {
        return http.get("/metrics").body().lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void shouldServeHealthAndPrometheusMetrics() {
        assertThat(http.get("/health/live").status()).isEqualTo(200);
        Http.Response ready = http.get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().path("checks").path("view").asText()).isEqualTo("UP");
        http.get("/v1/jobs/" + UUID.randomUUID());
        Http.Response metrics = http.get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("switchboard_http_requests_seconds_count").contains("route=\"/v1/jobs/{id}\"");
    }

    /** Produces {@code value} to {@code switchboard.submissions} under {@code key} with kcat, a client that is not ours. */
    private void kcat(String key, String value) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/kcat", "-P", "-b", kafka.bootstrapServers(), "-t", topics.submissions().name(), "-k", key)
                .redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write((value + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("kcat ended").isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldTurnASubmissionProducedWithKcatIntoAJobWithAReportAndAReProducedOneIntoTheSameJob() throws Exception {
        // Given a POST /v1/jobs body produced twice with kcat under one key
        String key = "kcat-" + UUID.randomUUID();
        String body = "{\"version\":1,\"document\":\"Produced with kcat.\",\"agents\":[\"sentiment\"]}";
        kcat(key, body);
        kcat(key, body);

        // Then it is one job of the ingress owner, under the id an HTTP submit of that owner and key gets
        UUID jobId = JobIds.newJobId(IngressConfig.DEFAULT.owner(), key);
        awaitStatus(jobId, "PENDING");
        try (TopicProbe jobs = new TopicProbe(kafka, topics.jobs().name())) {
            assertThat(jobs.awaitMatching(rec -> rec.key().equals(jobId.toString()), 1, WAIT)).hasSize(1);
            assertThat(jobs.settle(rec -> rec.key().equals(jobId.toString()), Duration.ofSeconds(1))).hasSize(1);
        }

        // and when its report comes, it is served like any other
        records.report(jobId, Report.Status.COMPLETED, Map.of("sentiment", records.ok(jobId, "sentiment")));
        awaitStatus(jobId, "COMPLETED");
        assertThat(http.get("/v1/jobs/" + jobId + "/report").status()).isEqualTo(200);
    }

    @Test
    void shouldPutAnInvalidSubmissionOnTheDlqWithTheHttpStatusAndProblemInHeaders() throws Exception {
        // Given a body naming an agent that does not exist
        String key = "kcat-bad-" + UUID.randomUUID();
        kcat(key, "{\"version\":1,\"document\":\"x\",\"agents\":[\"no-such-agent\"]}");

        // Then it lands on the submissions DLQ, as it came, with what POST /v1/jobs would answer
        try (TopicProbe dlq = new TopicProbe(kafka, topics.submissionsDlq().name())) {
            ConsumerRecord<String, byte[]> dead = dlq.awaitMatching(rec -> key.equals(rec.key()), 1, WAIT).get(0);
            assertThat(new String(dead.value(), StandardCharsets.UTF_8)).contains("no-such-agent");
            assertThat(header(dead, DeadLetterHeaders.ERROR_STATUS)).isEqualTo("422");
            JsonNode problem = Json.mapper().readTree(header(dead, DeadLetterHeaders.ERROR_PROBLEM));
            assertThat(problem.path("type").asText()).isEqualTo("/problems/unknown-agent");
            assertThat(problem.path("unknownAgents").get(0).asText()).isEqualTo("no-such-agent");
            assertThat(header(dead, DeadLetterHeaders.ERROR_MESSAGE)).contains("no-such-agent");
            assertThat(header(dead, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(topics.submissions().name());
            assertThat(header(dead, DeadLetterHeaders.SOURCE_OFFSET)).matches("\\d+");
        }
        assertThat(http.get("/v1/jobs/" + JobIds.newJobId(IngressConfig.DEFAULT.owner(), key)).status()).isEqualTo(404);
    }

    @Test
    void shouldWriteAJobOnceWhenTheIngressDiesBetweenSendAndCommit() throws Exception {
        // Given an ingress of its own group and owner that dies once after sending a job's records, before committing
        IngressConfig own = IngressConfig.DEFAULT.withGroupId("ingress-crash-" + UUID.randomUUID()).withOwner("crash-test");
        AtomicInteger commits = new AtomicInteger();
        KafkaIngress ingress = new KafkaIngress(own, "crash-" + UUID.randomUUID(), KafkaSettings.of(kafka.bootstrapServers()), topics,
                new SubmitRequestParser(config().build(), topics.graph()), orchestrator.view(), new SimpleMeterRegistry(), Clock.systemUTC(),
                () -> {
                    if (commits.incrementAndGet() == 1) {
                        throw new IllegalStateException("killed between send and commit");
                    }
                });
        startAtTheEnd(own.groupId()); // only this test's record: none of the topic's earlier ones can take the crash
        String key = "crash-" + UUID.randomUUID();
        UUID jobId = JobIds.newJobId("crash-test", key);
        kcat(key, "{\"version\":1,\"document\":\"Exactly once.\",\"agents\":[\"sentiment\"]}");

        // When it runs supervised: the first run dies, the restarted one re-reads the record from the committed offsets
        Supervisor supervisor = new Supervisor(new ReadinessChecks(), new SimpleMeterRegistry(),
                new Supervisor.Backoff(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMinutes(1)));
        try (Supervisor.Part part = supervisor.supervise(KafkaIngress.PART, ingress);
             TopicProbe jobs = new TopicProbe(kafka, topics.jobs().name())) {
            // Then a read_committed reader sees its manifest once, though the first attempt's records reached the log
            assertThat(jobs.awaitMatching(rec -> rec.key().equals(jobId.toString()), 1, WAIT)).hasSize(1);
            assertThat(jobs.settle(rec -> rec.key().equals(jobId.toString()), Duration.ofSeconds(1))).hasSize(1);
            assertThat(part.restarts()).isEqualTo(1);
            assertThat(commits.get()).isEqualTo(2);
            assertThat(uncommittedManifests(jobId)).isEqualTo(2);
        }
    }

    /** Commits the end offsets of every submissions partition for {@code groupId}: its consumer starts after them. */
    private void startAtTheEnd(String groupId) {
        Map<String, Object> props = new java.util.HashMap<>(kafka.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = c.partitionsFor(topics.submissions().name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> ends = new java.util.HashMap<>();
            c.endOffsets(partitions).forEach((tp, end) -> ends.put(tp, new org.apache.kafka.clients.consumer.OffsetAndMetadata(end)));
            c.assign(partitions);
            c.commitSync(ends);
        }
    }

    /** Manifests of {@code jobId} a {@code read_uncommitted} reader sees: aborted attempts too. */
    private long uncommittedManifests(UUID jobId) {
        Map<String, Object> props = new java.util.HashMap<>(kafka.clientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = c.partitionsFor(topics.jobs().name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = c.endOffsets(partitions);
            long n = 0;
            while (partitions.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    n += r.key().equals(jobId.toString()) ? 1 : 0;
                }
            }
            return n;
        }
    }

    @Test
    void shouldAnswerForJobsSubmittedBeforeARestart() {
        UUID jobId = submit("{\"document\":\"Remember me.\",\"agents\":[\"summary\"]}");
        records.report(jobId, Report.Status.COMPLETED, Map.of("summary", records.ok(jobId, "summary")));
        awaitStatus(jobId, "COMPLETED");
        try (Orchestrator restarted = new Orchestrator(config().build(), KafkaSettings.of(kafka.bootstrapServers()), topics).start()) {
            Http other = new Http(restarted.port(), null);
            await().atMost(WAIT).until(() -> restarted.view().caughtUp());
            Http.Response r = other.get("/v1/jobs/" + jobId);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().path("status").asText()).isEqualTo("COMPLETED");
            assertThat(other.get("/v1/jobs/" + jobId + "/report").status()).isEqualTo(200);
        }
    }

}
