package dev.switchboard.report.aggregator;

import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.message.Usage;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One job's state in the aggregator's store: its manifest (once seen), the first result per agent,
 * every task id seen (to drop duplicates), whether the report went out, and the deadline the
 * aggregator keeps for the job ({@code deadline}: the manifest's, clamped; {@code null} in state
 * written before deadlines were clamped, which then falls back to the manifest's), the revision of the last report
 * ({@code revision}: {@code null} before the first, and in state written before revisions existed, which then reads as
 * revision 1 once reported) and the dead-letter refs whose replayed results were applied ({@code replays}, so each
 * amends at most once; decision 0025). {@code released}: the later-stage agents whose task the aggregator released
 * (decision 0030; empty in state written before workflows existed). The manifest is kept without its document.
 */
public record JobAggregate(int version, JobManifest manifest, Map<String, AgentResult> results, Set<UUID> taskIds,
                           Instant firstSeenAt, Instant reportedAt, Instant deadline, Integer revision, Set<String> replays,
                           Set<String> released) {

    public JobAggregate {
        results = results == null ? Map.of() : Map.copyOf(results);
        taskIds = taskIds == null ? Set.of() : Set.copyOf(taskIds);
        replays = replays == null ? Set.of() : Set.copyOf(replays);
        released = released == null ? Set.of() : Set.copyOf(released);
    }

    static JobAggregate empty(Instant now) {
        return new JobAggregate(1, null, Map.of(), Set.of(), now, null, null, null, Set.of(), Set.of());
    }

    JobAggregate withManifest(JobManifest m, Instant keptDeadline) {
        return new JobAggregate(version, m, results, taskIds, firstSeenAt, reportedAt, keptDeadline, revision, replays, released);
    }

    /** This job with {@code agent}'s task released. */
    JobAggregate withReleased(String agent) {
        Set<String> more = new HashSet<>(released);
        more.add(agent);
        return new JobAggregate(version, manifest, results, taskIds, firstSeenAt, reportedAt, deadline, revision, replays, more);
    }

    /**
     * This job without the results of {@code agents} and their task ids: results of later-stage agents that came before
     * the manifest, so before any release (a writer the job never asked), which must not pre-empt the released task's.
     */
    JobAggregate withoutResultsOf(Set<String> agents) {
        Map<String, AgentResult> kept = new LinkedHashMap<>(results);
        Set<UUID> ids = new HashSet<>(taskIds);
        agents.forEach(a -> {
            AgentResult dropped = kept.remove(a);
            if (dropped != null) {
                ids.remove(dropped.taskId());
            }
        });
        return new JobAggregate(version, manifest, kept, ids, firstSeenAt, reportedAt, deadline, revision, replays, released);
    }

    JobAggregate withResult(AgentResult r) {
        Map<String, AgentResult> more = new LinkedHashMap<>(results);
        more.putIfAbsent(r.agent(), r);
        Set<UUID> ids = new HashSet<>(taskIds);
        ids.add(r.taskId());
        return new JobAggregate(version, manifest, more, ids, firstSeenAt, reportedAt, deadline, revision, replays, released);
    }

    /**
     * This job with {@code r}, the result of a task replayed from dead letter {@code ref}, in place of its agent's
     * result; a reported job moves to the next revision. The replaced result's usage is carried into {@code r}'s, so the
     * report never shows less than the attempts were paid for.
     */
    JobAggregate withReplayedResult(AgentResult r, String ref) {
        Map<String, AgentResult> replaced = new LinkedHashMap<>(results);
        AgentResult before = results.get(r.agent());
        replaced.put(r.agent(), before == null ? r : withUsage(r, before.usage().plus(r.usage())));
        Set<UUID> ids = new HashSet<>(taskIds);
        ids.add(r.taskId());
        Set<String> refs = new HashSet<>(replays);
        refs.add(ref);
        Integer next = isReported() ? Integer.valueOf(lastRevision() + 1) : revision;
        return new JobAggregate(version, manifest, replaced, ids, firstSeenAt, reportedAt, deadline, next, refs, released);
    }

    private static AgentResult withUsage(AgentResult r, Usage usage) {
        return new AgentResult(r.version(), r.jobId(), r.taskId(), r.agent(), r.status(), r.output(), r.error(), r.attempts(),
                r.model(), usage, r.startedAt(), r.finishedAt(), r.headline());
    }

    /** This job with the result of {@code r}'s agent replaced by {@code r} (a slimmer copy of the same result). */
    JobAggregate replacingResult(AgentResult r) {
        Map<String, AgentResult> replaced = new LinkedHashMap<>(results);
        replaced.put(r.agent(), r);
        return new JobAggregate(version, manifest, replaced, taskIds, firstSeenAt, reportedAt, deadline, revision, replays, released);
    }

    JobAggregate reported(Instant at) {
        return new JobAggregate(version, manifest, results, taskIds, firstSeenAt, at, deadline, Report.FIRST_REVISION, replays, released);
    }

    /** The revision of the job's latest report, 0 before the first. */
    int lastRevision() {
        return !isReported() ? 0 : revision == null ? Report.FIRST_REVISION : Math.max(Report.FIRST_REVISION, revision);
    }

    /** The revision of the report this state produces: the first, or the amendment {@link #withReplayedResult} made. */
    int reportRevision() {
        return Math.max(Report.FIRST_REVISION, lastRevision());
    }

    boolean applied(String replayRef) {
        return replays.contains(replayRef);
    }

    /** The deadline the time index holds for this job. */
    Instant dueAt() {
        return deadline != null ? deadline : manifest.deadline();
    }

    boolean isReported() {
        return reportedAt != null;
    }

    /** Every expected agent has a result. */
    boolean isComplete() {
        return manifest != null && results.keySet().containsAll(manifest.agents());
    }

    /** {@code agent} is a later-stage agent of this job whose task was not released (nor failed in its place). */
    boolean isUnreleasedStage(String agent) {
        return manifest != null && manifest.needs().containsKey(agent) && !released.contains(agent) && !results.containsKey(agent);
    }

    /** Some later-stage agent of this job still waits for its task: the job's document is still needed. */
    boolean hasUnreleasedStages() {
        return manifest != null && manifest.needs().keySet().stream().anyMatch(this::isUnreleasedStage);
    }

    /** {@code agent}'s task can be released: it is unreleased and every agent it needs has a result. */
    boolean isReadyToRelease(String agent) {
        return isUnreleasedStage(agent) && results.keySet().containsAll(manifest.needs().get(agent));
    }

    List<String> missingAgents() {
        return manifest == null ? List.of() : manifest.agents().stream().filter(a -> !results.containsKey(a)).toList();
    }
}
