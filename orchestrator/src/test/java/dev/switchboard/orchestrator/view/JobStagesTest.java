package dev.switchboard.orchestrator.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.ErrorInfo;
import dev.switchboard.contracts.message.ErrorType;
import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.message.Versioned;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.orchestrator.jobs.JobIds;
import dev.switchboard.orchestrator.port.AgentState;
import dev.switchboard.orchestrator.port.JobSnapshot;
import dev.switchboard.orchestrator.port.JobStatus;
import dev.switchboard.testkit.SteppingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A job's later stages in the view: waiting until the aggregator releases them, and no document kept (decision 0030). */
class JobStagesTest {
    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-29T10:00:00Z"));
    private final JobView view = new JobView(new AgentDirectory(Duration.ofSeconds(45)), clock,
            new JobView.Limits(1000, Long.MAX_VALUE, Duration.ofHours(1)), report -> { });
    private long offset;

    private JobManifest staged() {
        Instant now = clock.instant();
        return JobManifest.create(UUID.randomUUID(), List.of("sentiment", "entities", "summary", "synthesis"), now,
                now.plus(Duration.ofMinutes(5)), null, Map.of())
                .withWorkflow(TopicCatalogue.bundled().graph(), Document.ofText("A document of some length."));
    }

    private Task task(JobManifest m, String agent) {
        return new Task(Versioned.CURRENT_VERSION, m.jobId(), JobIds.taskId(m.jobId(), agent), agent, 1, Document.ofText("x"), null,
                m.submittedAt(), m.deadline());
    }

    private void event(JobManifest m, String agent, JobEvent.Type type) {
        event(m, agent, type, "stage 2");
    }

    private void event(JobManifest m, String agent, JobEvent.Type type, String message) {
        view.apply(JobEvent.ofTask(task(m, agent), type, message, clock.instant()), ++offset);
    }

    private AgentState state(JobManifest m, String agent) {
        return progress(m, agent).state();
    }

    private JobSnapshot.AgentProgress progress(JobManifest m, String agent) {
        return view.job(m.jobId()).orElseThrow().agents().get(agent);
    }

    private AgentResult ok(JobManifest m, String agent) {
        return AgentResult.ok(task(m, agent), JsonNodeFactory.instance.objectNode().put("text", "t"), "offline", null,
                clock.instant(), clock.instant());
    }

    private AgentResult failed(JobManifest m, String agent, ErrorType type) {
        return AgentResult.failed(task(m, agent), ErrorInfo.of(type, type + " in the aggregator"), null, null, clock.instant(),
                clock.instant());
    }

    private Report report(JobManifest m, Report.Status status, List<AgentResult> results, List<String> missing) {
        Map<String, AgentResult> byAgent = new java.util.LinkedHashMap<>();
        results.forEach(r -> byAgent.put(r.agent(), r));
        List<String> failed = results.stream().filter(r -> !r.isOk()).map(AgentResult::agent).toList();
        return new Report(Versioned.CURRENT_VERSION, m.jobId(), status, byAgent, missing, failed, "s", clock.instant());
    }

    @Test
    void shouldShowALaterStageWaitingUntilItsTaskIsReleasedThenAsAFreshTask() {
        // Given a job whose synthesis needs the three others, read with its document
        JobManifest m = staged();
        view.apply(m);

        // Then the view keeps its workflow but not its document, and the synthesis waits without starting the job
        JobSnapshot job = view.job(m.jobId()).orElseThrow();
        assertThat(job.manifest().document()).isNull();
        assertThat(job.manifest().needs()).isEqualTo(m.needs()).isNotEmpty();
        assertThat(state(m, "sentiment")).isEqualTo(AgentState.QUEUED);
        assertThat(state(m, "synthesis")).isEqualTo(AgentState.WAITING);
        assertThat(job.status()).isEqualTo(JobStatus.PENDING);

        // When the aggregator releases it, then it is queued; its result makes it done and a repeated release changes nothing
        event(m, "synthesis", JobEvent.Type.TASK_RELEASED);
        assertThat(state(m, "synthesis")).isEqualTo(AgentState.QUEUED);
        view.apply(AgentResult.ok(task(m, "synthesis"), JsonNodeFactory.instance.objectNode().put("text", "t"), "offline", null,
                clock.instant(), clock.instant()));
        event(m, "synthesis", JobEvent.Type.TASK_RELEASED);
        assertThat(state(m, "synthesis")).isEqualTo(AgentState.DONE);
    }

    @Test
    void shouldQueueALaterStageWhoseReleaseWasReadBeforeItsManifest() {
        // Given a view replaying the log that reads the release event (another topic) before the manifest
        JobManifest m = staged();
        event(m, "synthesis", JobEvent.Type.TASK_RELEASED);

        // When the manifest arrives
        view.apply(m);

        // Then the synthesis is queued, not waiting for a release already read
        assertThat(state(m, "synthesis")).isEqualTo(AgentState.QUEUED);
    }

    @Test
    void shouldNeitherKeepNorCountTheDocumentOfAManifestInTheViewsBytes() {
        // Given a staged job read with a document of 1 MB
        JobManifest m = staged();
        view.apply(m.withWorkflow(m.graph(), Document.ofText("x".repeat(1_000_000))));

        // When the view checks its bounds, then the job is estimated at a few kilobytes and keeps no document
        view.evict();
        assertThat(view.estimatedBytes()).isLessThan(10_000);
        assertThat(view.job(m.jobId()).orElseThrow().manifest().document()).isNull();
    }

    @Test
    void shouldFailAWaitingStageOnTheAggregatorsTaskFailedEventWithItsErrorType() {
        // Given a job whose synthesis waits, and whose sentiment is done
        JobManifest m = staged();
        view.apply(m);
        view.apply(ok(m, "sentiment"));

        // When the aggregator fails the synthesis instead of releasing it (no result on the results topic, only the event)
        event(m, "synthesis", JobEvent.Type.TASK_FAILED, ErrorType.INPUTS_TOO_LARGE.name());

        // Then the synthesis is failed with that error type, and a failure event for a done agent changes nothing
        assertThat(state(m, "synthesis")).isEqualTo(AgentState.FAILED);
        assertThat(progress(m, "synthesis").error().type()).isEqualTo("INPUTS_TOO_LARGE");
        event(m, "sentiment", JobEvent.Type.TASK_FAILED, ErrorType.DEADLINE_EXCEEDED.name());
        assertThat(state(m, "sentiment")).isEqualTo(AgentState.DONE);
    }

    @Test
    void shouldCutAnErrorTypeFromAFailureEventToTheLengthAResultsMayHave() {
        // Given a waiting stage, and a hostile failure event whose message is 4 000 characters
        JobManifest m = staged();
        view.apply(m);

        // When it is read
        event(m, "synthesis", JobEvent.Type.TASK_FAILED, "X".repeat(4_000));

        // Then the agent is failed with an error type no longer than a result's may be
        assertThat(progress(m, "synthesis").error().type()).hasSize(256);
    }

    @Test
    void shouldSettleTheAgentsFromTheReportSoNoneWaitsAfterIt() {
        // Given a job whose failure event for the synthesis was never read, and one whose synthesis was never released
        JobManifest partial = staged();
        JobManifest timedOut = staged();
        view.apply(partial);
        view.apply(timedOut);

        // When their reports arrive: PARTIAL with the aggregator's failed synthesis; TIMED_OUT with summary and synthesis missing
        view.apply(report(partial, Report.Status.PARTIAL, List.of(ok(partial, "sentiment"), ok(partial, "entities"),
                ok(partial, "summary"), failed(partial, "synthesis", ErrorType.INVALID_INPUT)), List.of()));
        view.apply(report(timedOut, Report.Status.TIMED_OUT, List.of(ok(timedOut, "sentiment"), ok(timedOut, "entities")),
                List.of("summary", "synthesis")));

        // Then each agent takes its result's state, with the result's error
        assertThat(state(partial, "sentiment")).isEqualTo(AgentState.DONE);
        assertThat(progress(partial, "synthesis")).isEqualTo(new JobSnapshot.AgentProgress(AgentState.FAILED, 1,
                ErrorInfo.of(ErrorType.INVALID_INPUT, "INVALID_INPUT in the aggregator")));
        // And a missing agent shows what a missing first-stage agent shows, queued, never waiting
        assertThat(state(timedOut, "entities")).isEqualTo(AgentState.DONE);
        assertThat(state(timedOut, "summary")).isEqualTo(AgentState.QUEUED);
        assertThat(state(timedOut, "synthesis")).isEqualTo(AgentState.QUEUED);
    }

    @Test
    void shouldSettleTheAgentsFromAReportReadBeforeTheManifest() {
        // Given a view replaying the log that reads a TIMED_OUT report before the job's manifest
        JobManifest m = staged();
        view.apply(report(m, Report.Status.TIMED_OUT, List.of(ok(m, "sentiment")), List.of("entities", "summary", "synthesis")));

        // When the manifest arrives
        view.apply(m);

        // Then the unreleased synthesis is not waiting
        assertThat(state(m, "sentiment")).isEqualTo(AgentState.DONE);
        assertThat(state(m, "synthesis")).isEqualTo(AgentState.QUEUED);
    }
}
