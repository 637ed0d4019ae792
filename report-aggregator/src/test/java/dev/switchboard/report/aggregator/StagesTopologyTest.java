package dev.switchboard.report.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.switchboard.contracts.message.AgentGraph;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.Budget;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.ErrorInfo;
import dev.switchboard.contracts.message.ErrorType;
import dev.switchboard.contracts.message.Ids;
import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.topic.TopicCatalogue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** Later stages (decision 0030): the aggregator releases each agent's task once every agent it needs has a result. */
class StagesTopologyTest extends AggregatorTopologyFixture {
    private static final Document DOCUMENT = Document.ofText("Acme reported a record quarter.");
    /** A → B, A → C, B + C → D. */
    private static final Map<String, List<String>> DIAMOND = Map.of("verify", List.of("extract"), "classify", List.of("extract"),
            "merge", List.of("verify", "classify"));
    /** Every task read from a task topic so far in the test: reading consumes them. */
    private final List<Task> releasedSoFar = new ArrayList<>();

    /** The bundled topics.yaml plus the later-stage agents these tests use (the aggregator releases only declared agents). */
    @Override
    TopicCatalogue catalogue() {
        return TopicCatalogue.bundled().withAgent("verify").withAgent("classify").withAgent("merge");
    }

    private JobManifest staged(Duration deadline, Map<String, List<String>> needs, Document document, String... agents) {
        JobManifest m = JobManifest.create(Ids.newId(), List.of(agents), START, START.plus(deadline), null, Map.of())
                .withBudget(new Budget(4_000)).withWorkflow(AgentGraph.of(needs), DOCUMENT);
        if (document != DOCUMENT) {
            m = new JobManifest(m.version(), m.jobId(), m.agents(), m.submittedAt(), m.deadline(), m.callbackUrl(), m.metadata(),
                    m.requestHash(), m.owner(), m.budget(), m.needs(), document);
        }
        jobs.pipeInput(m.jobId().toString(), Json.toBytes(m));
        return m;
    }

    private JobManifest staged(Duration deadline, Map<String, List<String>> needs, String... agents) {
        return staged(deadline, needs, DOCUMENT, agents);
    }

    /** The tasks released so far to {@code agent}'s task topic. */
    private List<Task> released(String agent) {
        List<Task> tasks = driver.createOutputTopic(topics.agent(agent).tasks().name(), new StringDeserializer(), new StringDeserializer())
                .readValuesToList().stream().map(v -> Json.fromString(v, Task.class)).toList();
        releasedSoFar.addAll(tasks);
        return tasks;
    }

    /** The one task released to {@code agent}, answered OK. */
    private Task answer(String agent, Object output) {
        List<Task> tasks = released(agent);
        assertThat(tasks).as("tasks released to " + agent).hasSize(1);
        Task task = tasks.get(0);
        results.pipeInput(task.jobId().toString(), Json.toBytes(AgentResult.ok(task, Json.toTree(output), "offline", null, START, START)));
        return task;
    }

    private KeyValueStore<String, Document> documents() {
        return driver.getKeyValueStore(ReportTopology.DOCUMENTS_STORE);
    }

    @Test
    void shouldReleaseEachStageOfADiamondOnceWithTheResultsItNeeds() {
        // Given a diamond job: extract, then verify and classify, then merge
        JobManifest m = staged(Duration.ofMinutes(5), DIAMOND, "extract", "verify", "classify", "merge");
        assertThat(released("verify")).isEmpty();

        // When extract answers
        AgentResult extract = ok(m.jobId(), "extract", Map.of("facts", List.of("record quarter")));

        // Then verify and classify are released, each once, with extract's result, the document, deadline and budget share
        Task verify = released("verify").get(0);
        assertThat(verify.taskId()).isEqualTo(Ids.taskId(m.jobId(), "verify"));
        assertThat(verify.document()).isEqualTo(DOCUMENT);
        assertThat(verify.deadline()).isEqualTo(m.deadline());
        assertThat(verify.budget()).isEqualTo(new Budget(1_000));
        assertThat(verify.inputs()).containsExactly(Map.entry("extract", extract));
        results.pipeInput(m.jobId().toString(), Json.toBytes(AgentResult.ok(verify, Json.toTree(Map.of("ok", true)), "offline", null,
                START, START)));
        assertThat(released("merge")).as("merge waits for classify").isEmpty();

        // And merge once both answered, with their results in its needs' order
        answer("classify", Map.of("label", "finance"));
        Task merge = released("merge").get(0);
        assertThat(merge.inputs()).containsOnlyKeys("verify", "classify");
        assertThat(List.copyOf(merge.inputs().keySet())).containsExactly("verify", "classify");
        assertThat(merge.inputs().get("classify").output().path("label").asText()).isEqualTo("finance");
        results.pipeInput(m.jobId().toString(), Json.toBytes(AgentResult.ok(merge, Json.toTree(Map.of("done", 1)), "offline", null,
                START, START)));

        // Then one COMPLETED report with all four, one TASK_RELEASED event per later stage, no further task anywhere
        assertThat(reports()).extracting(Report::status, r -> r.results().keySet())
                .containsExactly(tuple(Report.Status.COMPLETED, java.util.Set.of("extract", "verify", "classify", "merge")));
        assertThat(jobEvents()).filteredOn(e -> e.type() == JobEvent.Type.TASK_RELEASED)
                .extracting(JobEvent::agent, JobEvent::message)
                .containsExactly(tuple("verify", "stage 2"), tuple("classify", "stage 2"), tuple("merge", "stage 3"));
        assertThat(released("verify")).isEmpty();
        assertThat(released("classify")).isEmpty();
        assertThat(released("merge")).isEmpty();
        assertThat(counter("switchboard.aggregator.tasks.released")).isEqualTo(3);
    }

    @Test
    void shouldKeepTheDocumentOnlyUntilTheLastStageIsReleased() {
        // Given a staged job: its manifest is kept without the document, the document apart
        JobManifest m = staged(Duration.ofMinutes(5), DIAMOND, "extract", "verify", "classify", "merge");
        KeyValueStore<String, JobAggregate> store = driver.getKeyValueStore(ReportTopology.JOBS_STORE);
        assertThat(store.get(m.jobId().toString()).manifest().document()).isNull();
        assertThat(documents().get(m.jobId().toString())).isEqualTo(DOCUMENT);

        // When the second stage is released, the third still waits: the document stays
        ok(m.jobId(), "extract", Map.of("facts", List.of()));
        assertThat(documents().get(m.jobId().toString())).isEqualTo(DOCUMENT);
        answer("verify", Map.of("ok", true));
        answer("classify", Map.of("label", "x"));

        // Then once merge is released, before it answers, the document is gone
        assertThat(released("merge")).hasSize(1);
        assertThat(reports()).isEmpty();
        assertThat(documents().get(m.jobId().toString())).isNull();
    }

    @Test
    void shouldReleaseADependentWithItsFailedInputAttachedAndReportPartial() {
        // Given extract → verify
        JobManifest m = staged(Duration.ofMinutes(5), Map.of("verify", List.of("extract")), "extract", "verify");

        // When extract fails
        AgentResult extract = failed(m.jobId(), "extract");

        // Then verify is released all the same, with the failure as its input, and decides; the job ends PARTIAL
        Task verify = answer("verify", Map.of("verified", false));
        assertThat(verify.inputs().get("extract")).isEqualTo(extract);
        assertThat(verify.inputs().get("extract").error().type()).isEqualTo("RETRIES_EXHAUSTED");
        Report report = reports().get(0);
        assertThat(report.status()).isEqualTo(Report.Status.PARTIAL);
        assertThat(report.failedAgents()).containsExactly("extract");
    }

    @Test
    void shouldTimeOutBetweenStagesAndReleaseNothingAfterTheReport() {
        // Given extract → verify → merge, extract answered and verify released
        JobManifest m = staged(Duration.ofSeconds(30), Map.of("verify", List.of("extract"), "merge", List.of("verify")),
                "extract", "verify", "merge");
        ok(m.jobId(), "extract", Map.of("facts", List.of()));
        Task verify = released("verify").get(0);

        // When the deadline passes before verify answers
        driver.advanceWallClockTime(Duration.ofSeconds(35));

        // Then the report is TIMED_OUT, naming the released and the unreleased stage as missing, and the document is gone
        Report report = reports().get(0);
        assertThat(report.status()).isEqualTo(Report.Status.TIMED_OUT);
        assertThat(report.missingAgents()).containsExactly("verify", "merge");
        assertThat(documents().get(m.jobId().toString())).isNull();

        // And verify's late answer releases nothing
        results.pipeInput(m.jobId().toString(), Json.toBytes(AgentResult.ok(verify, Json.toTree(Map.of("ok", true)), "offline", null,
                START, START)));
        assertThat(released("merge")).isEmpty();
        assertThat(reports()).isEmpty();
        assertThat(counter("switchboard.aggregator.results.late")).isEqualTo(1);
    }

    @Test
    void shouldReleaseExactlyOneDownstreamTaskForDuplicateUpstreamResults() {
        // Given extract → verify
        JobManifest m = staged(Duration.ofMinutes(5), Map.of("verify", List.of("extract")), "extract", "verify", "classify");

        // When extract's result arrives twice, and another of its results with another task id
        AgentResult first = ok(m.jobId(), "extract", Map.of("n", 1));
        results.pipeInput(m.jobId().toString(), Json.toBytes(first));
        Task other = new Task(1, m.jobId(), Ids.newId(), "extract", 1, DOCUMENT, null, START, m.deadline());
        results.pipeInput(m.jobId().toString(), Json.toBytes(AgentResult.ok(other, Json.toTree(Map.of("n", 2)), "offline", null,
                START, START)));

        // Then verify got exactly one task, with the first result
        List<Task> tasks = released("verify");
        assertThat(tasks).hasSize(1);
        assertThat(tasks.get(0).inputs().get("extract").output().path("n").asInt()).isEqualTo(1);
        assertThat(counter("switchboard.aggregator.results.duplicate")).isEqualTo(2);
    }

    @Test
    void shouldReleaseOnTheManifestWhenTheResultsCameFirstAndIgnoreAnUnreleasedStagesResult() {
        // Given extract's result, and a result claiming to be verify's, before the job's manifest
        UUID jobId = Ids.newId();
        JobManifest m = JobManifest.create(jobId, List.of("extract", "verify"), START, START.plusSeconds(300), null, Map.of())
                .withWorkflow(AgentGraph.of(Map.of("verify", List.of("extract"))), DOCUMENT);
        ok(jobId, "extract", Map.of("facts", List.of()));
        results.pipeInput(jobId.toString(), Json.toBytes(AgentResult.ok(new Task(1, jobId, Ids.taskId(jobId, "verify"), "verify", 1,
                DOCUMENT, null, START, m.deadline()), Json.toTree(Map.of("forged", true)), "offline", null, START, START)));
        assertThat(released("verify")).isEmpty();

        // When the manifest arrives
        jobs.pipeInput(jobId.toString(), Json.toBytes(m));

        // Then verify is released on it, the early verify result was not the job's, and the released task's result counts
        Task verify = answer("verify", Map.of("verified", true));
        assertThat(verify.inputs()).containsOnlyKeys("extract");
        assertThat(counter("switchboard.aggregator.results.unreleased")).isEqualTo(1);
        Report report = reports().get(0);
        assertThat(report.status()).isEqualTo(Report.Status.COMPLETED);
        assertThat(report.results().get("verify").output().path("verified").asBoolean()).isTrue();
    }

    @Test
    void shouldIgnoreAResultOfAStageWhoseTaskWasNotReleased() {
        // Given extract → verify, extract not answered yet
        JobManifest m = staged(Duration.ofMinutes(5), Map.of("verify", List.of("extract")), "extract", "verify");

        // When a result for verify arrives anyway (a hostile writer), then extract answers
        ok(m.jobId(), "verify", Map.of("forged", true));
        ok(m.jobId(), "extract", Map.of("facts", List.of()));

        // Then the forged result was ignored: verify is released and the job waits for its answer
        assertThat(released("verify")).hasSize(1);
        assertThat(reports()).isEmpty();
        assertThat(counter("switchboard.aggregator.results.unreleased")).isEqualTo(1);
    }

    @Test
    void shouldFailATaskOverTheRecordLimitWithInputsTooLargeAndCompletePartial() {
        // Given extract → verify, a document of 40% of the record limit, and an output of extract of 70%
        int limit = topics.maxValueBytes();
        JobManifest m = staged(Duration.ofMinutes(5), Map.of("verify", List.of("extract")), Document.ofText("d".repeat(limit * 4 / 10)),
                "extract", "verify");

        // When extract answers: each fits alone, together they would not
        ok(m.jobId(), "extract", Map.of("value", "e".repeat(limit * 7 / 10)));

        // Then no task is released; verify failed INPUTS_TOO_LARGE with the sizes, and the job completes PARTIAL
        assertThat(released("verify")).isEmpty();
        Report report = reports().get(0);
        assertThat(report.status()).isEqualTo(Report.Status.PARTIAL);
        assertThat(report.results().get("extract").isOk()).isTrue();
        ErrorInfo error = report.results().get("verify").error();
        assertThat(error.type()).isEqualTo(ErrorType.INPUTS_TOO_LARGE.name());
        assertThat(error.message()).contains("over the record limit of " + limit + " bytes");
        assertThat(jobEvents()).extracting(JobEvent::type, JobEvent::agent)
                .containsExactly(tuple(JobEvent.Type.TASK_FAILED, "verify"), tuple(JobEvent.Type.REPORT_READY, null));
        assertThat(registry.get("switchboard.aggregator.stages.failed").tag("reason", "inputs-too-large").counter().count())
                .isEqualTo(1);
        assertThat(documents().get(m.jobId().toString())).isNull();
    }

    @Test
    void shouldAttachAnOutputOmittedForSizeAsAFailedInput() {
        // Given extract → verify, and another agent whose output takes most of the job's room
        int limit = topics.maxValueBytes();
        JobManifest m = staged(Duration.ofMinutes(5), Map.of("verify", List.of("extract")), "other", "extract", "verify");
        ok(m.jobId(), "other", Map.of("value", "o".repeat(limit * 6 / 10)));

        // When extract answers with an output the job's state cannot keep beside it
        ok(m.jobId(), "extract", Map.of("value", "e".repeat(limit * 6 / 10)));

        // Then verify's input is a FAILED OUTPUT_TOO_LARGE, not the report's marker
        AgentResult input = released("verify").get(0).inputs().get("extract");
        assertThat(input.isOk()).isFalse();
        assertThat(input.error().type()).isEqualTo(ErrorType.OUTPUT_TOO_LARGE.name());
        assertThat(input.output()).isNull();
    }

    @Test
    void shouldFailEveryLaterStageAsInvalidInputWhenTheManifestHasNoDocument() {
        // Given a staged manifest without its document
        JobManifest m = staged(Duration.ofMinutes(5), Map.of("verify", List.of("extract"), "merge", List.of("verify")), (Document) null,
                "extract", "verify", "merge");

        // When extract answers
        ok(m.jobId(), "extract", Map.of("facts", List.of()));

        // Then no task is released: verify and merge fail INVALID_INPUT, and the job completes PARTIAL
        assertThat(released("verify")).isEmpty();
        Report report = reports().get(0);
        assertThat(report.status()).isEqualTo(Report.Status.PARTIAL);
        assertThat(report.failedAgents()).containsExactly("verify", "merge");
        assertThat(report.results().get("merge").error().message()).contains("no document");
    }

    @Test
    void shouldReleaseNothingAgainWhenAReplayedUpstreamResultAmendsTheReport() {
        // Given extract → verify: extract failed, verify ran on the failure, the job was reported PARTIAL
        JobManifest m = staged(Duration.ofMinutes(5), Map.of("verify", List.of("extract")), "extract", "verify");
        failed(m.jobId(), "extract");
        answer("verify", Map.of("verified", false));
        assertThat(reports()).extracting(Report::status).containsExactly(Report.Status.PARTIAL);

        // When extract's dead letter is replayed and succeeds
        replayed(AgentResult.ok(task(m.jobId(), "extract"), Json.toTree(Map.of("facts", List.of())), "offline", null, START, START),
                "extract:0:1");

        // Then the report is amended, and verify is not released again: one task released over the whole test
        assertThat(reports()).extracting(Report::revision, Report::status).containsExactly(tuple(2, Report.Status.COMPLETED));
        released("verify");
        assertThat(releasedSoFar).extracting(Task::agent).containsExactly("verify");
        assertThat(counter("switchboard.aggregator.tasks.released")).isEqualTo(1);
    }

    @Test
    void shouldFailAStageWhoseAgentTheAggregatorsCatalogueDoesNotDeclare() {
        // Given a manifest whose later stage is an agent the aggregator's topics.yaml does not declare (no task topic)
        JobManifest m = staged(Duration.ofMinutes(5), Map.of("zzz", List.of("sentiment")), "sentiment", "zzz");

        // When sentiment answers
        ok(m.jobId(), "sentiment", sentimentOutput(), "Overall sentiment: positive.");

        // Then nothing is written to a topic that does not exist: zzz fails INVALID_INPUT and the job completes PARTIAL
        assertThat(driver.producedTopicNames()).doesNotContain(topics.agent("zzz").tasks().name());
        Report report = reports().get(0);
        assertThat(report.status()).isEqualTo(Report.Status.PARTIAL);
        ErrorInfo error = report.results().get("zzz").error();
        assertThat(error.type()).isEqualTo(ErrorType.INVALID_INPUT.name());
        assertThat(error.message()).contains("the aggregator's topics.yaml does not declare agent zzz");
        assertThat(documents().get(m.jobId().toString())).isNull();
        assertThat(counter("switchboard.aggregator.tasks.released")).isZero();
    }

    @Test
    void shouldReportAJobWhoseStageCannotBeATopicNameWithTheResultsThatCameBeforeItsManifest() {
        // Given sentiment's result, before the manifest of a job with a later stage whose name cannot name a topic
        UUID jobId = Ids.newId();
        JobManifest m = JobManifest.create(jobId, List.of("sentiment", "Bad Name"), START, START.plusSeconds(300), null, Map.of())
                .withWorkflow(AgentGraph.of(Map.of("Bad Name", List.of("sentiment"))), DOCUMENT);
        ok(jobId, "sentiment", sentimentOutput(), "Overall sentiment: positive.");

        // When the manifest arrives
        jobs.pipeInput(jobId.toString(), Json.toBytes(m));

        // Then the stage fails INVALID_INPUT, the job is reported PARTIAL with sentiment's result, and nothing is left over
        Report report = reports().get(0);
        assertThat(report.status()).isEqualTo(Report.Status.PARTIAL);
        assertThat(report.results().get("sentiment").isOk()).isTrue();
        assertThat(report.results().get("Bad Name").error().type()).isEqualTo(ErrorType.INVALID_INPUT.name());
        assertThat(documents().get(jobId.toString())).isNull();
        KeyValueStore<String, JobAggregate> store = driver.getKeyValueStore(ReportTopology.JOBS_STORE);
        assertThat(store.get(jobId.toString()).isReported()).isTrue();
        assertThat(skipped("processing-error")).isZero();
    }

    @Test
    void shouldFallBackToTheTemplateWhenAnAmendmentReplaysAResultTheSynthesisAgentNeeded() {
        // Given the synthesis agent's job: summary failed, and the synthesis agent wrote that summary is missing
        JobManifest m = staged(Duration.ofMinutes(5), Map.of(Report.SYNTHESIS_AGENT, List.of("sentiment", "summary")),
                "sentiment", "summary", Report.SYNTHESIS_AGENT);
        ok(m.jobId(), "sentiment", sentimentOutput(), "Overall sentiment: positive.");
        failed(m.jobId(), "summary");
        answer(Report.SYNTHESIS_AGENT, Map.of(Report.SYNTHESIS_TEXT_FIELD, "Positive, but the summary is missing."));
        assertThat(reports()).extracting(Report::status, Report::synthesis)
                .containsExactly(tuple(Report.Status.PARTIAL, "Positive, but the summary is missing."));

        // When summary's dead letter is replayed and succeeds
        replayedOk(m.jobId(), "summary", "summary:0:1");

        // Then revision 2 is COMPLETED and its synthesis is the template of its results, not the agent's stale prose
        Report amended = reports().get(0);
        assertThat(amended.revision()).isEqualTo(2);
        assertThat(amended.status()).isEqualTo(Report.Status.COMPLETED);
        assertThat(amended.synthesis()).startsWith("Overall sentiment: positive. Summary: fixed.").doesNotContain("missing");
    }

    @Test
    void shouldTakeTheSynthesisFromTheSynthesisAgentsText() {
        // Given the default pipeline's shape: synthesis needs sentiment, entities and summary
        JobManifest m = staged(Duration.ofMinutes(5), Map.of(Report.SYNTHESIS_AGENT, List.of("sentiment", "entities", "summary")),
                "sentiment", "entities", "summary", Report.SYNTHESIS_AGENT);
        ok(m.jobId(), "sentiment", sentimentOutput(), "Overall sentiment: positive.");
        ok(m.jobId(), "entities", Map.of("entities", List.of()));
        ok(m.jobId(), "summary", Map.of("summary", "Acme did well."));

        // When the synthesis agent answers with prose (two paragraphs, a bell and an escape in it)
        Task synthesis = answer(Report.SYNTHESIS_AGENT,
                Map.of(Report.SYNTHESIS_TEXT_FIELD, "Acme had a record quarter.\u0007\n\nOutlook: \u001b[31mpositive."));

        // Then the report's synthesis is that text, cleaned, and the synthesis task had the three inputs
        assertThat(synthesis.inputs()).containsOnlyKeys("sentiment", "entities", "summary");
        Report report = reports().get(0);
        assertThat(report.status()).isEqualTo(Report.Status.COMPLETED);
        assertThat(report.synthesis()).isEqualTo("Acme had a record quarter.\n\nOutlook: [31mpositive.");
    }

    @Test
    void shouldWriteTheTemplateAndReportPartialWhenTheSynthesisAgentFails() {
        // Given the synthesis agent's job, its three inputs answered
        JobManifest m = staged(Duration.ofMinutes(5), Map.of(Report.SYNTHESIS_AGENT, List.of("sentiment", "summary")),
                "sentiment", "summary", Report.SYNTHESIS_AGENT);
        ok(m.jobId(), "sentiment", sentimentOutput(), "Overall sentiment: positive.");
        ok(m.jobId(), "summary", Map.of("summary", "s"), "Summary: s.");

        // When the synthesis agent fails
        Task synthesis = released(Report.SYNTHESIS_AGENT).get(0);
        results.pipeInput(m.jobId().toString(), Json.toBytes(AgentResult.failed(synthesis,
                ErrorInfo.of(ErrorType.RETRIES_EXHAUSTED, "model down"), null, null, START, START)));

        // Then the report is PARTIAL with the other results intact, its synthesis the template
        Report report = reports().get(0);
        assertThat(report.status()).isEqualTo(Report.Status.PARTIAL);
        assertThat(report.results().get("sentiment").isOk()).isTrue();
        assertThat(report.results().get("summary").isOk()).isTrue();
        assertThat(report.synthesis()).isEqualTo("Overall sentiment: positive. Summary: s. Failed: synthesis (RETRIES_EXHAUSTED).");
    }

    @Test
    void shouldReadStateWrittenBeforeStagesAsNothingReleased() {
        // Given job state without the released field
        JobAggregate old = Json.fromString("{\"version\":1,\"results\":{},\"taskIds\":[],\"firstSeenAt\":\"" + START + "\"}",
                JobAggregate.class);

        // Then it reads as no stage released
        assertThat(old.released()).isEmpty();
    }
}
