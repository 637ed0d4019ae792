package dev.switchboard.report.aggregator;

import dev.switchboard.contracts.message.AgentGraph;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.Budget;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.ErrorInfo;
import dev.switchboard.contracts.message.ErrorType;
import dev.switchboard.contracts.message.Ids;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.message.Versioned;
import dev.switchboard.contracts.topic.TopicCatalogue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which later-stage tasks a job is ready for (decision 0030): every agent whose needs all have a result (OK or FAILED)
 * and whose task was not released yet. Computes, touching nothing: the aggregator writes the tasks and the state that
 * marks them released in one transaction. A task to an agent the aggregator's own catalogue does not declare (its task
 * topic may not exist: a hostile manifest, or topics.yaml differing from the orchestrator's), that has no document to
 * work on, or that would be over the record limit, is not released: its agent gets a FAILED result instead
 * ({@code INVALID_INPUT}, {@code INPUTS_TOO_LARGE}), which may ready further stages, so the plan repeats until nothing changes (at most once per agent). Nothing is released for
 * a reported job or past its deadline.
 */
final class StageReleaser {
    /** The document of a task that is never written: the failure recorded when a job has no document. */
    private static final Document NO_DOCUMENT = Document.ofText("");
    private final TopicCatalogue topics;
    private final int maxValueBytes;

    StageReleaser(TopicCatalogue topics) {
        this.topics = topics;
        this.maxValueBytes = topics.maxValueBytes();
    }

    /** The task topic of {@code agent} when the catalogue declares it: the only topics released tasks are written to. */
    static Optional<String> taskTopic(TopicCatalogue topics, String agent) {
        return topics.findAgent(agent).map(a -> a.tasks().name());
    }

    /** A task to write, of stage {@code stage}. */
    record Release(Task task, int stage) {
    }

    /** A stage that could not be released: the FAILED result recorded for its agent, and the task it stands for. */
    record Failure(Task task, AgentResult result, ErrorType type) {
    }

    /** {@code job} with the releases and failures marked, and what to write for them. */
    record Plan(JobAggregate job, List<Release> releases, List<Failure> failures) {
        boolean isEmpty() {
            return releases.isEmpty() && failures.isEmpty();
        }

        List<String> failedAgents() {
            return failures.stream().map(f -> f.task().agent()).toList();
        }
    }

    /** What {@code job} releases now, with {@code document} (the job's, {@code null} when it is not kept). */
    Plan plan(JobAggregate job, Document document, Instant now) {
        if (job.manifest() == null || job.isReported() || !job.hasUnreleasedStages() || now.isAfter(job.dueAt())) {
            return new Plan(job, List.of(), List.of());
        }
        AgentGraph graph = job.manifest().graph();
        List<Release> releases = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        JobAggregate next = job;
        boolean changed = true;
        // each pass releases or fails at least one agent, or ends: never more passes than agents
        for (int pass = 0; changed && pass <= job.manifest().agents().size(); pass++) {
            changed = false;
            for (String agent : job.manifest().agents()) {
                if (!next.isReadyToRelease(agent)) {
                    continue;
                }
                changed = true;
                int stage = graph.stage(agent);
                Task task = task(next, agent, document == null ? NO_DOCUMENT : document);
                Optional<ErrorInfo> refusal = refusal(task, stage, document == null);
                if (refusal.isEmpty()) {
                    releases.add(new Release(task, stage));
                    next = next.withReleased(agent);
                } else {
                    AgentResult failed = AgentResult.failed(task, refusal.get(), null, null, now, now);
                    failures.add(new Failure(task, failed, ErrorType.valueOf(refusal.get().type())));
                    next = next.withResult(failed);
                }
            }
        }
        return new Plan(next, List.copyOf(releases), List.copyOf(failures));
    }

    /** Why {@code task} cannot be released, empty when it can. */
    private Optional<ErrorInfo> refusal(Task task, int stage, boolean noDocument) {
        if (taskTopic(topics, task.agent()).isEmpty()) {
            return Optional.of(ErrorInfo.of(ErrorType.INVALID_INPUT, "the aggregator's topics.yaml does not declare agent "
                    + task.agent() + ", so its task (stage " + stage + ") cannot be released"));
        }
        if (noDocument) {
            return Optional.of(ErrorInfo.of(ErrorType.INVALID_INPUT, "the job's manifest has needs but no document, so the task of "
                    + task.agent() + " (stage " + stage + ") cannot be released"));
        }
        int bytes = Json.toBytes(task).length;
        return bytes <= maxValueBytes ? Optional.empty() : Optional.of(ErrorInfo.of(ErrorType.INPUTS_TOO_LARGE, "the task of "
                + task.agent() + " (stage " + stage + "), the document and the " + task.inputs().size()
                + " input(s) together, would be " + bytes + " bytes, over the record limit of " + maxValueBytes + " bytes"));
    }

    /** {@code agent}'s task: the document, the job's deadline, its budget share and the results it needs as inputs. */
    static Task task(JobAggregate job, String agent, Document document) {
        JobManifest m = job.manifest();
        Budget share = m.budget() == null ? null : m.budget().perTask(m.agents().size());
        Map<String, AgentResult> inputs = new LinkedHashMap<>();
        m.needs().get(agent).forEach(need -> inputs.put(need, OmittedOutput.asInput(job.results().get(need))));
        return new Task(Versioned.CURRENT_VERSION, m.jobId(), Ids.taskId(m.jobId(), agent), agent, 1, document, null,
                m.submittedAt(), job.dueAt(), share).withInputs(inputs);
    }
}
