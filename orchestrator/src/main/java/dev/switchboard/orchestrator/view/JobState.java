package dev.switchboard.orchestrator.view;

import dev.switchboard.contracts.message.AgentGraph;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.ErrorInfo;
import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.orchestrator.port.AgentState;
import dev.switchboard.orchestrator.port.JobSnapshot;
import dev.switchboard.orchestrator.port.JobStatus;
import dev.switchboard.orchestrator.port.StoredEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Mutable state of one job in the view; every method is called under the instance's lock. */
final class JobState {
    static final int MAX_EVENTS = 1000;

    private JobManifest manifest;
    private Report report;
    /** The serialized size of {@link #report}. */
    private long reportBytes;
    /** Whether the report is in the usage totals (once both it and the manifest, which names the owner, are known). */
    private boolean counted;
    private final Map<String, JobSnapshot.AgentProgress> agents = new LinkedHashMap<>();
    private final List<StoredEvent> events = new ArrayList<>();
    /** The latest activity: the newest record's timestamp (never ahead of the clock), or when this instance wrote the job. */
    private long touchedAt;
    /** Estimated heap bytes of what this state holds. */
    private long bytes = BASE_BYTES;
    /** Object headers, the maps and the list: what an empty state costs. */
    static final long BASE_BYTES = 400;

    private void touched(long at) {
        touchedAt = Math.max(touchedAt, at);
    }

    /**
     * Keeps the manifest without its document (decision 0030). An agent of a later stage starts {@code WAITING}, unless
     * its {@code TASK_RELEASED} event was read first (another topic); an agent's result or failure read first stands, and
     * a report read first settles the agents as {@link #reconcile()} says.
     */
    synchronized void manifest(JobManifest m, long now) {
        if (manifest == null) {
            manifest = m.withoutDocument();
            bytes += estimate(manifest);
            AgentGraph graph = manifest.graph();
            for (String agent : manifest.agents()) {
                if (!agents.containsKey(agent)) {
                    AgentState first = graph.stage(agent) > 1 && !released(agent) ? AgentState.WAITING : AgentState.QUEUED;
                    putAgent(agent, new JobSnapshot.AgentProgress(first, 0, null));
                }
            }
            reconcile();
        }
        touched(now);
    }

    private boolean released(String agent) {
        return events.stream().anyMatch(e -> e.event().type() == JobEvent.Type.TASK_RELEASED && agent.equals(e.event().agent()));
    }

    private void putAgent(String agent, JobSnapshot.AgentProgress progress) {
        JobSnapshot.AgentProgress before = agents.put(agent, progress);
        bytes += estimate(progress) - (before == null ? 0 : estimate(before)) + (before == null ? 48 + 2L * agent.length() : 0);
    }

    synchronized void result(AgentResult r, long now) {
        if (take(r)) {
            touched(now);
        }
    }

    /** Sets the agent's state from its result; false when that changes nothing. */
    private boolean take(AgentResult r) {
        JobSnapshot.AgentProgress current = agents.get(r.agent());
        if (current != null && current.state() == AgentState.DONE) {
            return false; // a duplicate after success changes nothing
        }
        if (current == null && agents.size() >= ViewBounds.MAX_AGENTS) {
            return false; // results for ever more agents the job never asked for: bounded like a manifest's agents
        }
        putAgent(r.agent(), ended(r.isOk(), r.attempts(), r.error()));
        return true;
    }

    private static JobSnapshot.AgentProgress ended(boolean ok, int attempts, ErrorInfo error) {
        return new JobSnapshot.AgentProgress(ok ? AgentState.DONE : AgentState.FAILED, attempts, error);
    }

    /** Whether an event may still move the agent: it has no result yet, or is not in the view and there is room for it. */
    private boolean open(String agent) {
        JobSnapshot.AgentProgress current = agents.get(agent);
        return current == null ? agents.size() < ViewBounds.MAX_AGENTS
                : current.state() == AgentState.WAITING || current.state() == AgentState.QUEUED
                || current.state() == AgentState.RETRYING;
    }

    /** A {@code WAITING} agent becomes {@code QUEUED}; any other state stays. */
    private void release(String agent) {
        JobSnapshot.AgentProgress current = agents.get(agent);
        if (current != null && current.state() == AgentState.WAITING) {
            putAgent(agent, new JobSnapshot.AgentProgress(AgentState.QUEUED, 0, null));
        }
    }

    /**
     * Once the report and the manifest are both known, the agents agree with the report: an agent in its results takes
     * its result's state (as if the result had been read), and an agent it lists as missing that is still
     * {@code WAITING} (never released before the deadline) shows {@code QUEUED}, as a missing first-stage agent does.
     */
    private void reconcile() {
        if (report == null || manifest == null) {
            return;
        }
        report.results().values().forEach(this::take);
        report.missingAgents().forEach(this::release);
    }

    synchronized void event(StoredEvent stored, long now) {
        if (!events.isEmpty() && events.get(events.size() - 1).offset() >= stored.offset()) {
            return; // replayed
        }
        if (events.size() < MAX_EVENTS) {
            events.add(stored);
            bytes += estimate(stored.event());
        }
        JobEvent e = stored.event();
        if (e.type() == JobEvent.Type.TASK_RELEASED && e.agent() != null) {
            release(e.agent());
        }
        if (e.type() == JobEvent.Type.TASK_RETRY_SCHEDULED && e.agent() != null && open(e.agent())) {
            putAgent(e.agent(), new JobSnapshot.AgentProgress(AgentState.RETRYING, e.attempt(), null));
        }
        if (e.type() == JobEvent.Type.TASK_FAILED && e.agent() != null && open(e.agent())) {
            // a stage the aggregator failed instead of releasing has no result on the results topic: the event's message
            // is the error type; a result read later (the agent's, or the report's) brings the error's message
            // (cut to the length a result's error type may have: a hostile event's message is up to 4096 characters)
            String type = e.message() == null ? null : e.message().substring(0, Math.min(e.message().length(), ViewBounds.MAX_METADATA_CHARS));
            putAgent(e.agent(), ended(false, e.attempt(), type == null ? null : new ErrorInfo(type, null)));
        }
        touched(now);
    }

    /**
     * {@code recordBytes}: the report's serialized size, which its heap copy is estimated at twice of. The job keeps its
     * highest revision (decision 0025): true for its first report and for a later revision; a repeat or an older
     * revision read after a newer one changes nothing. A report kept settles the agents ({@link #reconcile()}).
     */
    synchronized boolean report(Report r, long now, long recordBytes) {
        touched(now);
        if (report == null || r.revision() > report.revision()) {
            bytes += 2 * recordBytes - (report == null ? 0 : 2 * reportBytes);
            report = r;
            reportBytes = recordBytes;
            reconcile();
            return true;
        }
        return false;
    }

    /**
     * The job's report the first time it is to be counted in the usage totals: once the manifest (which names the owner)
     * is known too, or at once when {@code withoutOwner} (the manifest is gone from the view or never came); else null.
     * An amendment (revision above 1) is never counted without its manifest: the job was counted when its first report
     * was read, or is older than the jobs topic keeps (decisions 0024, 0025).
     */
    synchronized Report toCount(boolean withoutOwner) {
        if (counted || report == null || manifest == null && (!withoutOwner || report.isAmendment())) {
            return null;
        }
        counted = true;
        return report;
    }

    /** The caller that submitted the job, or null while (or if) its manifest is not in the view. */
    synchronized String owner() {
        return manifest == null ? null : manifest.owner();
    }

    synchronized long bytes() {
        return bytes;
    }

    /** The job's deadline in epoch milliseconds, or {@link Long#MAX_VALUE} while its manifest is unknown. */
    synchronized long deadlineMillis() {
        return manifest == null ? Long.MAX_VALUE : manifest.deadline().toEpochMilli();
    }

    private static long estimate(JobManifest m) {
        long chars = m.agents().stream().mapToLong(String::length).sum() + length(m.callbackUrl()) + length(m.requestHash())
                + m.metadata().entrySet().stream().mapToLong(e -> length(e.getKey()) + length(e.getValue()) + 16).sum();
        long needs = m.needs().entrySet().stream().mapToLong(e -> 48 + 2L * e.getKey().length()
                + e.getValue().stream().mapToLong(n -> 48 + 2L * n.length()).sum()).sum();
        return 200 + 40L * m.agents().size() + 2 * chars + needs;
    }

    private static long estimate(JobSnapshot.AgentProgress p) {
        return 32 + (p.error() == null ? 0 : 48 + 2L * (length(p.error().type()) + length(p.error().message())));
    }

    private static long estimate(JobEvent e) {
        return 120 + 2L * (length(e.message()) + length(e.agent()));
    }

    private static long length(String s) {
        return s == null ? 0 : s.length();
    }

    synchronized boolean known() {
        return manifest != null;
    }

    synchronized boolean finished() {
        return report != null;
    }

    synchronized long touchedAt() {
        return touchedAt;
    }

    synchronized List<StoredEvent> eventsAfter(long offset) {
        return events.stream().filter(e -> e.offset() > offset).toList();
    }

    synchronized JobSnapshot snapshot() {
        return new JobSnapshot(manifest, status(), Map.copyOf(agents), report);
    }

    private JobStatus status() {
        if (report != null) {
            return JobStatus.valueOf(report.status().name());
        }
        boolean started = agents.values().stream()
                .anyMatch(p -> p.state() != AgentState.QUEUED && p.state() != AgentState.WAITING);
        return started ? JobStatus.RUNNING : JobStatus.PENDING;
    }
}
