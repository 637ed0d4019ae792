package dev.switchboard.report.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.DeadLetterHeaders;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.ErrorInfo;
import dev.switchboard.contracts.message.ErrorType;
import dev.switchboard.contracts.message.Ids;
import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.JsonSerde;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.message.Usage;
import dev.switchboard.contracts.topic.TopicCatalogue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every path of the production topology, on Kafka Streams' TopologyTestDriver. */
class ReportTopologyTest extends AggregatorTopologyFixture {
    @Test
    void shouldEmitOneCompletedReportWhenEveryExpectedAgentAnswered() {
        JobManifest m = manifest(Duration.ofMinutes(5), "sentiment", "entities", "summary");
        // (each agent's headline arrives in any order; the synthesis follows the manifest's order)
        ok(m.jobId(), "entities", Map.of("entities", List.of(Map.of("text", "Acme", "type", "ORGANIZATION", "mentions", 3))),
                "Key entities: Acme (organization).");
        ok(m.jobId(), "sentiment", sentimentOutput(), "Overall sentiment: positive (score 0.80, confidence 0.90).");
        assertThat(reports.isEmpty()).isTrue();
        ok(m.jobId(), "summary", Map.of("summary", "Acme did well.", "keyPoints", List.of("well")), "Summary: Acme did well.");

        List<Report> out = reports();
        assertThat(out).hasSize(1);
        Report r = out.get(0);
        assertThat(r.status()).isEqualTo(Report.Status.COMPLETED);
        assertThat(r.results()).containsOnlyKeys("sentiment", "entities", "summary");
        assertThat(r.missingAgents()).isEmpty();
        assertThat(r.synthesis()).isEqualTo("Overall sentiment: positive (score 0.80, confidence 0.90). "
                + "Key entities: Acme (organization). Summary: Acme did well.");
        JobEvent ready = Json.fromString(events.readValue(), JobEvent.class);
        assertThat(ready.type()).isEqualTo(JobEvent.Type.REPORT_READY);
        assertThat(ready.jobId()).isEqualTo(m.jobId());
        assertThat(registry.get("switchboard.aggregator.reports").tag("status", "COMPLETED").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldCarryEachAgentsUsageAndTheJobsTotalInTheReport() {
        // Given a job whose agents spent tokens (one answer replayed from the journal, one agent on an unpriced model)
        JobManifest m = manifest(Duration.ofMinutes(5), "sentiment", "summary");
        AgentResult sentiment = AgentResult.ok(task(m.jobId(), "sentiment"), Json.toTree(sentimentOutput()), "gpt-x",
                new Usage(2, 1, 120, 30, 0.004), START, START);
        AgentResult summary = AgentResult.ok(task(m.jobId(), "summary"), Json.toTree(Map.of("summary", "ok")), "local",
                new Usage(1, 0, 80, 20, null), START, START);

        // When both results arrive, the first one twice (a redelivery)
        results.pipeInput(m.jobId().toString(), Json.toBytes(sentiment));
        results.pipeInput(m.jobId().toString(), Json.toBytes(sentiment));
        results.pipeInput(m.jobId().toString(), Json.toBytes(summary));

        // Then the emitted report itself (not only a reader deriving it) carries each agent's usage and the job's total
        JsonNode usage = Json.fromString(reports.readValue(), JsonNode.class).path("usage");
        assertThat(usage.path("byAgent").path("sentiment").path("calls").asLong()).isEqualTo(2);
        assertThat(usage.path("byAgent").path("sentiment").path("replayedCalls").asLong()).isEqualTo(1);
        assertThat(usage.path("byAgent").path("sentiment").path("estimatedCost").asDouble()).isEqualTo(0.004);
        assertThat(usage.path("byAgent").path("summary").path("inputTokens").asLong()).isEqualTo(80);
        assertThat(usage.path("byAgent").path("summary").has("estimatedCost")).isFalse();
        JsonNode total = usage.path("total");
        assertThat(List.of(total.path("calls").asLong(), total.path("replayedCalls").asLong(), total.path("inputTokens").asLong(),
                total.path("outputTokens").asLong())).containsExactly(3L, 1L, 200L, 50L);
        assertThat(total.path("estimatedCost").asDouble()).isEqualTo(0.004);
    }

    @Test
    void shouldCarryTheJobsCallbackUrlAsAHeaderOfTheReportRecord() {
        // Given a job with a callback URL and one without
        JobManifest withCallback = JobManifest.create(Ids.newId(), List.of("sentiment"), START, START.plus(Duration.ofMinutes(5)),
                "https://hooks.example.com/switchboard?x=1", Map.of());
        jobs.pipeInput(withCallback.jobId().toString(), Json.toBytes(withCallback));
        JobManifest without = manifest(Duration.ofMinutes(5), "sentiment");

        // When both complete
        ok(withCallback.jobId(), "sentiment", sentimentOutput());
        ok(without.jobId(), "sentiment", sentimentOutput());

        // Then each report record carries the callback target: the URL, or empty for none
        List<org.apache.kafka.streams.test.TestRecord<String, String>> out = reports.readRecordsToList();
        assertThat(out).extracting(org.apache.kafka.streams.test.TestRecord::key)
                .containsExactly(withCallback.jobId().toString(), without.jobId().toString());
        assertThat(callbackHeader(out.get(0))).isEqualTo("https://hooks.example.com/switchboard?x=1");
        assertThat(callbackHeader(out.get(1))).isEmpty();
    }

    private static String callbackHeader(org.apache.kafka.streams.test.TestRecord<String, String> record) {
        org.apache.kafka.common.header.Header h = record.headers().lastHeader(Report.CALLBACK_URL_HEADER);
        assertThat(h).as("the %s header", Report.CALLBACK_URL_HEADER).isNotNull();
        return new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldReportPartialWhenSomeAgentsFailedAndFailedWhenAllDid() {
        JobManifest partial = manifest(Duration.ofMinutes(5), "sentiment", "entities");
        ok(partial.jobId(), "sentiment", sentimentOutput());
        failed(partial.jobId(), "entities");
        JobManifest allFailed = manifest(Duration.ofMinutes(5), "summary");
        failed(allFailed.jobId(), "summary");

        List<Report> out = reports();
        assertThat(out).extracting(Report::status).containsExactly(Report.Status.PARTIAL, Report.Status.FAILED);
        assertThat(out.get(0).failedAgents()).containsExactly("entities");
        assertThat(out.get(0).synthesis()).contains("Failed: entities (RETRIES_EXHAUSTED).");
    }

    @Test
    void shouldTimeOutAtTheDeadlineWithTheMissingAgentsAndIgnoreLaterResults() {
        JobManifest m = manifest(Duration.ofSeconds(30), "sentiment", "entities");
        ok(m.jobId(), "sentiment", sentimentOutput());

        driver.advanceWallClockTime(Duration.ofSeconds(20));
        assertThat(reports.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(15));

        List<Report> out = reports();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).status()).isEqualTo(Report.Status.TIMED_OUT);
        assertThat(out.get(0).missingAgents()).containsExactly("entities");
        assertThat(out.get(0).results()).containsOnlyKeys("sentiment");
        assertThat(out.get(0).synthesis()).contains("No answer before the deadline from: entities.");

        ok(m.jobId(), "entities", Map.of("entities", List.of()));
        assertThat(reports.isEmpty()).isTrue();
        assertThat(counter("switchboard.aggregator.results.late")).isEqualTo(1);
    }

    @Test
    void shouldBufferResultsThatArriveBeforeTheirManifest() {
        UUID jobId = Ids.newId();
        JobManifest m = new JobManifest(1, jobId, List.of("sentiment"), START, START.plusSeconds(60), null, Map.of(), null);
        ok(jobId, "sentiment", sentimentOutput());
        assertThat(reports.isEmpty()).isTrue();

        jobs.pipeInput(jobId.toString(), Json.toBytes(m));

        assertThat(reports()).extracting(Report::status).containsExactly(Report.Status.COMPLETED);
    }

    @Test
    void shouldIgnoreDuplicateResultsOfTheSameTask() {
        JobManifest m = manifest(Duration.ofMinutes(5), "sentiment", "summary");
        AgentResult first = ok(m.jobId(), "sentiment", sentimentOutput());
        results.pipeInput(m.jobId().toString(), Json.toBytes(first));
        ok(m.jobId(), "summary", Map.of("summary", "s", "keyPoints", List.of()));
        results.pipeInput(m.jobId().toString(), Json.toBytes(first));

        assertThat(reports()).hasSize(1);
        assertThat(counter("switchboard.aggregator.results.duplicate")).isEqualTo(2);
    }

    @Test
    void shouldHandleJobsOfOneAndOfFiveAgentsAlike() {
        JobManifest one = manifest(Duration.ofMinutes(5), "summary");
        ok(one.jobId(), "summary", Map.of("summary", "Short.", "keyPoints", List.of()));
        JobManifest five = manifest(Duration.ofMinutes(5), "sentiment", "entities", "summary", "keywords", "translate");
        for (String agent : five.agents()) {
            assertThat(reports.readValuesToList()).as("before " + agent).hasSizeLessThanOrEqualTo(1);
            ok(five.jobId(), agent, Map.of("value", agent));
        }
        List<Report> out = reports.readValuesToList().stream().map(v -> Json.fromString(v, Report.class)).toList();
        assertThat(out).hasSize(1);
        Report r = out.get(0);
        assertThat(r.jobId()).isEqualTo(five.jobId());
        assertThat(r.results()).hasSize(5);
        JsonNode verbatim = r.results().get("keywords").output();
        assertThat(verbatim.path("value").asText()).isEqualTo("keywords");
        assertThat(r.synthesis()).contains("Also answered: sentiment, entities, summary, keywords, translate.");
    }

    @Test
    void shouldDropOrphanResultsAfterTheirTtlAndCountThem() {
        UUID jobId = Ids.newId();
        ok(jobId, "sentiment", sentimentOutput());
        KeyValueStore<String, JobAggregate> store = driver.getKeyValueStore(ReportTopology.JOBS_STORE);
        assertThat(store.get(jobId.toString())).isNotNull();

        driver.advanceWallClockTime(Duration.ofMinutes(3));

        assertThat(store.get(jobId.toString())).isNull();
        assertThat(counter("switchboard.aggregator.results.orphaned")).isEqualTo(1);
        assertThat(reports.isEmpty()).isTrue();
    }

    @Test
    void shouldRemoveAJobsStateAGracePeriodAfterItsReport() {
        // (amending off: the state lives the grace period; with it on, the amend window, see the revision tests)
        config = AggregatorConfig.from(config).amendWindow(Duration.ZERO).build();
        start();
        JobManifest m = manifest(Duration.ofMinutes(5), "summary");
        ok(m.jobId(), "summary", Map.of("summary", "s", "keyPoints", List.of()));
        KeyValueStore<String, JobAggregate> store = driver.getKeyValueStore(ReportTopology.JOBS_STORE);
        assertThat(store.get(m.jobId().toString()).isReported()).isTrue();
        assertThat(registry.get("switchboard.aggregator.open.jobs").gauge().value()).isZero();
        assertThat(registry.get("switchboard.aggregator.reported.jobs.kept").gauge().value()).isEqualTo(1);

        driver.advanceWallClockTime(Duration.ofMinutes(2));

        assertThat(store.get(m.jobId().toString())).isNull();
        assertThat(registry.get("switchboard.aggregator.reported.jobs.kept").gauge().value()).isZero();
        KeyValueStore<String, String> index = driver.getKeyValueStore(ReportTopology.INDEX_STORE);
        assertThat(index.approximateNumEntries()).isZero();
    }

    @Test
    void shouldSkipUnreadableRecordsWithoutStopping() {
        jobs.pipeInput("not-a-job", "{broken".getBytes());
        results.pipeInput("x", "[]".getBytes());
        JobManifest m = manifest(Duration.ofMinutes(5), "summary");
        ok(m.jobId(), "summary", Map.of("summary", "s", "keyPoints", List.of()));

        assertThat(reports()).hasSize(1);
        assertThat(skipped("unreadable")).isEqualTo(2);
    }

    @Test
    void shouldClampADeadlineInTheYearOneBillionAndTimeOutOnceAtTheClampedDeadline() {
        // Given a manifest whose deadline is valid JSON but a billion years away
        UUID hostileJob = Ids.newId();
        JobManifest hostile = new JobManifest(1, hostileJob, List.of("sentiment", "summary"), START,
                Instant.parse("+1000000000-01-01T00:00:00Z"), null, Map.of(), null);
        jobs.pipeInput(hostileJob.toString(), Json.toBytes(hostile));
        ok(hostileJob, "sentiment", sentimentOutput());

        // When a later job on the same partition completes, and the clock passes the largest allowed deadline
        JobManifest next = manifest(Duration.ofMinutes(5), "summary");
        ok(next.jobId(), "summary", Map.of("summary", "s", "keyPoints", List.of()));
        List<Report> beforeClampedDeadline = reports();
        driver.advanceWallClockTime(AggregatorConfig.DEFAULT_MAX_DEADLINE.minusSeconds(1));
        assertThat(reports.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        List<Report> atClampedDeadline = reports();
        driver.advanceWallClockTime(Duration.ofDays(2));

        // Then the later job was reported, and the hostile one exactly once, TIMED_OUT at the clamped deadline
        assertThat(beforeClampedDeadline).extracting(Report::jobId, Report::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(next.jobId(), Report.Status.COMPLETED));
        assertThat(atClampedDeadline).hasSize(1);
        Report timedOut = atClampedDeadline.get(0);
        assertThat(timedOut.jobId()).isEqualTo(hostileJob);
        assertThat(timedOut.status()).isEqualTo(Report.Status.TIMED_OUT);
        assertThat(timedOut.missingAgents()).containsExactly("summary");
        assertThat(timedOut.createdAt()).isBetween(START.plus(AggregatorConfig.DEFAULT_MAX_DEADLINE),
                START.plus(AggregatorConfig.DEFAULT_MAX_DEADLINE).plusSeconds(1));
        assertThat(reports.isEmpty()).isTrue();
        assertThat(counter("switchboard.aggregator.deadlines.clamped")).isEqualTo(1);
    }

    @Test
    void shouldSkipAndCountAResultWhoseHandlingThrowsAndCompleteTheNextJob() {
        // Given a job, and a result whose output nests so deep that it reads as a result but cannot be written inside
        // the job's state (Jackson refuses to write more than 1000 levels; the state wraps the output 3 levels deeper)
        JobManifest first = manifest(Duration.ofSeconds(30), "sentiment", "summary");
        results.pipeInput(first.jobId().toString(), deeplyNested(first.jobId(), "sentiment", 998));

        // When the next job's records follow on the same partition
        JobManifest next = manifest(Duration.ofMinutes(5), "summary");
        ok(next.jobId(), "summary", Map.of("summary", "s", "keyPoints", List.of()));

        // Then the throwing record was skipped and counted, the next job completed, and the first one still times out
        assertThat(skipped("processing-error")).isEqualTo(1);
        assertThat(reports()).extracting(Report::jobId).containsExactly(next.jobId());
        driver.advanceWallClockTime(Duration.ofSeconds(31));
        Report timedOut = reports().get(0);
        assertThat(timedOut.jobId()).isEqualTo(first.jobId());
        assertThat(timedOut.status()).isEqualTo(Report.Status.TIMED_OUT);
        assertThat(timedOut.missingAgents()).containsExactly("sentiment", "summary");
    }

    /** A result whose output is {@code depth} nested arrays: a record of {@code depth + 1} levels. */
    private static byte[] deeplyNested(UUID jobId, String agent, int depth) {
        ObjectNode result = (ObjectNode) Json.toTree(AgentResult.ok(task(jobId, agent), Json.toTree(Map.of()), "offline", null, START, START));
        ArrayNode innermost = JsonNodeFactory.instance.arrayNode();
        ArrayNode outer = innermost;
        for (int i = 1; i < depth; i++) {
            outer = JsonNodeFactory.instance.arrayNode().add(outer);
        }
        result.set("output", outer);
        return Json.toBytes(result);
    }

    @Test
    void shouldReplaceAnOutputThatWouldTakeTheReportOverTheLimitByAMarker() {
        // Given a job of three agents whose outputs total more than the record limit; each alone fits
        int limit = topics.maxValueBytes();
        JobManifest m = manifest(Duration.ofMinutes(5), "summary", "keywords", "translate");
        ok(m.jobId(), "keywords", Map.of("value", "k".repeat(limit * 35 / 100)));
        ok(m.jobId(), "translate", Map.of("value", "t".repeat(limit * 35 / 100)));

        // When the last result arrives, the largest
        ok(m.jobId(), "summary", Map.of("summary", "s".repeat(limit * 7 / 10), "keyPoints", List.of()));

        // Then one report, under the limit, with a marker for the summary and a sentence that says so
        List<String> raw = reports.readValuesToList();
        assertThat(raw).hasSize(1);
        assertThat(raw.get(0).getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(limit);
        Report r = Json.fromString(raw.get(0), Report.class);
        assertThat(r.status()).isEqualTo(Report.Status.COMPLETED);
        JsonNode marker = r.results().get("summary").output();
        assertThat(marker.path("omitted").asText()).isEqualTo("OUTPUT_TOO_LARGE");
        assertThat(marker.path("bytes").asLong()).isGreaterThan(limit * 7L / 10);
        assertThat(r.results().get("keywords").output().path("value").asText()).hasSize(limit * 35 / 100);
        assertThat(r.results().get("translate").output().path("value").asText()).hasSize(limit * 35 / 100);
        assertThat(r.synthesis()).contains("Output omitted from this report, too large to keep: summary (");
        assertThat(counter("switchboard.aggregator.outputs.omitted")).isEqualTo(1);
        KeyValueStore<String, JobAggregate> store = driver.getKeyValueStore(ReportTopology.JOBS_STORE);
        assertThat(Json.toBytes(store.get(m.jobId().toString())).length).isLessThanOrEqualTo(limit);
    }

    @Test
    void shouldSkipAndCountMessagesOfAnUnknownVersion() {
        // Given a manifest and a result that say "version": 99
        JobManifest future = JobManifest.create(Ids.newId(), List.of("summary"), START, START.plusSeconds(60), null, Map.of());
        ObjectNode manifest = (ObjectNode) Json.toTree(future);
        manifest.put("version", 99);
        jobs.pipeInput(future.jobId().toString(), Json.toBytes(manifest));
        ObjectNode result = (ObjectNode) Json.toTree(AgentResult.ok(task(future.jobId(), "summary"),
                Json.toTree(Map.of("summary", "s")), "offline", null, START, START));
        result.put("version", 99);
        results.pipeInput(future.jobId().toString(), Json.toBytes(result));

        // When an ordinary job follows
        JobManifest ordinary = manifest(Duration.ofMinutes(5), "summary");
        ok(ordinary.jobId(), "summary", Map.of("summary", "s", "keyPoints", List.of()));

        // Then both were skipped and counted as unreadable, and the ordinary job got its report
        assertThat(skipped("unreadable")).isEqualTo(2);
        assertThat(reports()).extracting(Report::jobId).containsExactly(ordinary.jobId());
        KeyValueStore<String, JobAggregate> store = driver.getKeyValueStore(ReportTopology.JOBS_STORE);
        assertThat(store.get(future.jobId().toString())).isNull();
    }

    @Test
    void shouldCountADuplicatedAgentOnce() {
        // Given a manifest that names the same agent twice
        JobManifest m = manifest(Duration.ofMinutes(5), "summary", "summary", "sentiment");

        // When each agent fails once
        failed(m.jobId(), "summary");
        failed(m.jobId(), "sentiment");

        // Then the report lists each agent once, and every expected agent failed
        Report r = reports().get(0);
        assertThat(r.failedAgents()).containsExactly("summary", "sentiment");
        assertThat(r.status()).isEqualTo(Report.Status.FAILED);
    }

    @Test
    void shouldSynthesizeTheHeadlineOfAnAgentItHasNeverHeardOf() {
        // Given a job for an agent type the aggregator has no code for, whose output has fields of its own
        JobManifest m = manifest(Duration.ofMinutes(5), "translate", "keywords");

        // When it answers with a headline, and another agent answers without one
        ok(m.jobId(), "translate", Map.of("french", "Bonjour"), "Translated into French (1 sentence).");
        ok(m.jobId(), "keywords", Map.of("keywords", List.of("kafka")));

        // Then the synthesis is its headline, and names the other among those that answered
        assertThat(reports().get(0).synthesis()).isEqualTo("Translated into French (1 sentence). Also answered: keywords.");
    }

    @Test
    void shouldLeaveOutAHeadlineThatCannotBeRead() {
        // Given a way of reading headlines that throws on every result
        start(result -> {
            throw new IllegalStateException("reader bug");
        });

        // When a job of that agent completes with a headline
        JobManifest m = manifest(Duration.ofMinutes(5), "summary");
        ok(m.jobId(), "summary", Map.of("summary", "s", "keyPoints", List.of()), "Summary: s.");

        // Then it still gets its report, naming the agent without its sentence
        Report r = reports().get(0);
        assertThat(r.status()).isEqualTo(Report.Status.COMPLETED);
        assertThat(r.synthesis()).isEqualTo("Also answered: summary.");
        assertThat(counter("switchboard.aggregator.synthesis.errors")).isPositive();
    }

    // --- revisions: a replayed dead letter's result amends the job's report (decision 0025) ---

    @Test
    void shouldAmendAReportedJobOnceWithTheNextRevisionWhenAReplayedResultArrives() {
        // Given a job reported PARTIAL: summary failed (and was dead-lettered)
        JobManifest m = manifest(Duration.ofMinutes(5), "sentiment", "summary");
        ok(m.jobId(), "sentiment", sentimentOutput());
        failed(m.jobId(), "summary");
        assertThat(reports()).extracting(Report::revision, Report::status).containsExactly(tuple(1, Report.Status.PARTIAL));

        // When the replayed task's result arrives, then again (a redelivery, or a restart before the commit)
        replayedOk(m.jobId(), "summary", "summary:0:5");
        replayedOk(m.jobId(), "summary", "summary:0:5");

        // Then exactly one report of revision 2, recomputed from the new result, and one REPORT_AMENDED event
        List<Report> out = reports();
        assertThat(out).extracting(Report::revision, Report::status).containsExactly(tuple(2, Report.Status.COMPLETED));
        Report amended = out.get(0);
        assertThat(amended.failedAgents()).isEmpty();
        assertThat(amended.results().get("summary").isOk()).isTrue();
        assertThat(amended.synthesis()).contains("Summary: fixed.").doesNotContain("Failed");
        assertThat(amended.usage().total().inputTokens()).isEqualTo(50);
        assertThat(jobEvents()).extracting(JobEvent::type, JobEvent::message).containsExactly(
                tuple(JobEvent.Type.REPORT_READY, "PARTIAL"), tuple(JobEvent.Type.REPORT_AMENDED, "2 COMPLETED"));
        assertThat(counter("switchboard.aggregator.results.duplicate")).isEqualTo(1);
        assertThat(registry.get("switchboard.aggregator.reports.amended").tag("status", "COMPLETED").counter().count()).isEqualTo(1);

        // And a further replay cannot undo the fix: the agent's result is OK now (revision 3 needs a still-failed result)
        AgentResult again = AgentResult.failed(task(m.jobId(), "summary"), ErrorInfo.of(ErrorType.INVALID_INPUT, "bad"), null,
                null, START, START);
        replayed(again, "summary:0:9");
        assertThat(reports()).isEmpty();
        assertThat(refused("not-failed")).isEqualTo(1);
    }

    private double refused(String reason) {
        return registry.get("switchboard.aggregator.replays.refused").tag("reason", reason).counter().count();
    }

    private AgentResult replayedFailed(UUID jobId, String agent, UUID taskId, String ref) {
        Task t = task(jobId, agent);
        Task other = new Task(t.version(), jobId, taskId, agent, t.attempt(), t.document(), null, START, START.plusSeconds(60));
        return replayed(AgentResult.failed(other, ErrorInfo.of(ErrorType.RETRIES_EXHAUSTED, "again"), null,
                new Usage(1, 0, 7, 3, null), START, START), ref);
    }

    @Test
    void shouldTreatAResultWhoseReplayHeaderIsNotTrustedAsAnOrdinaryOne() {
        // Given a reported PARTIAL job: sentiment OK, summary failed
        JobManifest m = manifest(Duration.ofMinutes(5), "sentiment", "summary");
        ok(m.jobId(), "sentiment", sentimentOutput());
        AgentResult summary = failed(m.jobId(), "summary");
        assertThat(reports()).hasSize(1);
        UUID sentimentTask = task(m.jobId(), "sentiment").taskId();

        // When results arrive with a forged replay header: not a ref, another agent's ref, another task, an OK result
        replayedFailed(m.jobId(), "summary", summary.taskId(), "not a ref");
        replayedFailed(m.jobId(), "summary", summary.taskId(), "sentiment:0:1");
        replayedFailed(m.jobId(), "summary", Ids.newId(), "summary:0:2");
        replayedFailed(m.jobId(), "sentiment", sentimentTask, "sentiment:0:3");

        // Then none amends the report; each is refused with its reason and handled as an ordinary (late or duplicate) result
        assertThat(reports()).isEmpty();
        assertThat(refused("bad-ref")).isEqualTo(1);
        assertThat(refused("other-agent")).isEqualTo(1);
        assertThat(refused("other-task")).isEqualTo(1);
        assertThat(refused("not-failed")).isEqualTo(1);
        assertThat(counter("switchboard.aggregator.results.duplicate") + counter("switchboard.aggregator.results.late")).isEqualTo(4);
        assertThat(registry.get("switchboard.aggregator.reports.amended").tag("status", "PARTIAL").counter().count()).isZero();
    }

    @Test
    void shouldApplyAtMostTenReplaysToOneJob() {
        // Given a reported job whose summary failed
        JobManifest m = manifest(Duration.ofMinutes(5), "summary");
        AgentResult summary = failed(m.jobId(), "summary");
        reports();

        // When the task fails again and again, each time replayed from a new dead letter
        for (int i = 0; i < ReplayCheck.MAX_REPLAYS + 1; i++) {
            replayedFailed(m.jobId(), "summary", summary.taskId(), "summary:0:" + (100 + i));
        }

        // Then ten amendments (revisions 2 to 11), the eleventh refused
        assertThat(reports()).extracting(Report::revision).containsExactly(2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(refused("too-many")).isEqualTo(1);
    }

    @Test
    void shouldKeepTheUsageOfTheReplacedAttemptInTheAmendedReport() {
        // Given a reported job whose summary failed after spending 7 input and 3 output tokens
        JobManifest m = manifest(Duration.ofMinutes(5), "summary");
        AgentResult summary = failed(m.jobId(), "summary");
        reports();
        replayedFailed(m.jobId(), "summary", summary.taskId(), "summary:0:1");
        assertThat(reports()).extracting(r -> r.usage().total().inputTokens()).containsExactly(7L);

        // When the replay of that attempt's dead letter succeeds, spending 50 and 10
        replayedOk(m.jobId(), "summary", "summary:0:2");

        // Then the amended report counts both attempts, for the agent and the job
        Report amended = reports().get(0);
        assertThat(amended.usage().byAgent().get("summary").inputTokens()).isEqualTo(57);
        assertThat(amended.usage().total().outputTokens()).isEqualTo(13);
        assertThat(amended.usage().total().calls()).isEqualTo(2);
    }

    @Test
    void shouldLeaveNoTraceKeyOfAManifestSkippedAsTooLarge() {
        // Given manifests with a trace context: one of a normal size, one too large to keep
        org.apache.kafka.common.header.Headers trace = new org.apache.kafka.common.header.internals.RecordHeaders()
                .add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".getBytes(StandardCharsets.US_ASCII));
        JobManifest small = JobManifest.create(Ids.newId(), List.of("summary"), START, START.plusSeconds(60), null, Map.of());
        JobManifest large = JobManifest.create(Ids.newId(), List.of("summary"), START, START.plusSeconds(60), null,
                Map.of("blob", "x".repeat(topics.maxValueBytes())));

        // When both arrive
        jobs.pipeInput(new TestRecord<>(small.jobId().toString(), Json.toBytes(small), trace));
        jobs.pipeInput(new TestRecord<>(large.jobId().toString(), Json.toBytes(large), trace));

        // Then only the kept one's trace context is kept
        KeyValueStore<String, String> index = driver.getKeyValueStore(ReportTopology.INDEX_STORE);
        assertThat(index.get("trace|" + small.jobId())).isNotNull();
        assertThat(index.get("trace|" + large.jobId())).isNull();
        assertThat(skipped("too-large")).isEqualTo(1);
    }

    @Test
    void shouldIgnoreALateResultWithoutTheReplayHeaderButAmendATimedOutJobWithAReplayedOne() {
        // Given a job that timed out waiting for summary
        JobManifest m = manifest(Duration.ofSeconds(30), "sentiment", "summary");
        ok(m.jobId(), "sentiment", sentimentOutput());
        driver.advanceWallClockTime(Duration.ofSeconds(35));
        assertThat(reports()).extracting(Report::status).containsExactly(Report.Status.TIMED_OUT);

        // When summary's ordinary result comes late, then a replayed one
        ok(m.jobId(), "summary", Map.of("summary", "late"));
        assertThat(reports()).isEmpty();
        replayedOk(m.jobId(), "summary", "summary:1:0");

        // Then only the replayed one amends the report
        assertThat(counter("switchboard.aggregator.results.late")).isEqualTo(1);
        assertThat(reports()).extracting(Report::revision, Report::status, Report::missingAgents)
                .containsExactly(tuple(2, Report.Status.COMPLETED, List.of()));
    }

    @Test
    void shouldCountAReplayedResultOfAnOpenJobAsItsAgentsResult() {
        // Given an open job whose summary task failed and was replayed before the deadline
        JobManifest m = manifest(Duration.ofMinutes(5), "sentiment", "summary");
        failed(m.jobId(), "summary");
        replayedOk(m.jobId(), "summary", "summary:0:1");
        assertThat(reports()).isEmpty();

        // When the last agent answers
        ok(m.jobId(), "sentiment", sentimentOutput());

        // Then the first report already has the replayed result
        assertThat(reports()).extracting(Report::revision, Report::status).containsExactly(tuple(1, Report.Status.COMPLETED));
    }

    @Test
    void shouldKeepAReportedJobForTheAmendWindowThenDropAReplayWithACount() {
        // Given a reported job, with an amend window of 30 minutes (and a grace period of 1)
        JobManifest m = manifest(Duration.ofMinutes(5), "summary");
        failed(m.jobId(), "summary");
        KeyValueStore<String, JobAggregate> store = driver.getKeyValueStore(ReportTopology.JOBS_STORE);

        // When 29 minutes pass, its state is still there; after 31 it is gone
        driver.advanceWallClockTime(Duration.ofMinutes(29));
        assertThat(store.get(m.jobId().toString())).isNotNull();
        driver.advanceWallClockTime(Duration.ofMinutes(2));
        assertThat(store.get(m.jobId().toString())).isNull();

        // Then a replayed result after that is dropped, counted, and writes nothing
        reports.readValuesToList();
        replayedOk(m.jobId(), "summary", "summary:0:2");
        assertThat(reports.isEmpty()).isTrue();
        assertThat(counter("switchboard.aggregator.replays.unmatched")).isEqualTo(1);
    }

    @Test
    void shouldReadJobStateWrittenBeforeRevisionsAndAmendItToRevisionTwo() {
        // Given the state of a reported job as the previous version wrote it (no revision, no replays)
        JobManifest m = JobManifest.create(Ids.newId(), List.of("summary"), START, START.plusSeconds(60), null, Map.of());
        AgentResult failed = AgentResult.failed(task(m.jobId(), "summary"), ErrorInfo.of(ErrorType.RETRIES_EXHAUSTED, "gave up"),
                null, null, START, START);
        String old = "{\"version\":1,\"manifest\":" + Json.toString(m) + ",\"results\":{\"summary\":" + Json.toString(failed)
                + "},\"taskIds\":[\"" + failed.taskId() + "\"],\"firstSeenAt\":\"" + START + "\",\"reportedAt\":\"" + START
                + "\",\"deadline\":\"" + START.plusSeconds(60) + "\"}";
        JobAggregate read = JsonSerde.of(JobAggregate.class).deserialize("changelog", old.getBytes(StandardCharsets.UTF_8));
        assertThat(read.lastRevision()).isEqualTo(1);
        KeyValueStore<String, JobAggregate> store = driver.getKeyValueStore(ReportTopology.JOBS_STORE);
        store.put(m.jobId().toString(), read);

        // When a replayed result arrives
        replayedOk(m.jobId(), "summary", "summary:0:3");

        // Then the job is amended to revision 2
        assertThat(reports()).extracting(Report::revision, Report::status).containsExactly(tuple(2, Report.Status.COMPLETED));
    }
}
