package dev.switchboard.orchestrator.view;

import dev.switchboard.contracts.message.AgentResult;
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
    private final Map<String, JobSnapshot.AgentProgress> agents = new LinkedHashMap<>();
    private final List<StoredEvent> events = new ArrayList<>();
    private long touchedAt;

    synchronized void manifest(JobManifest m, long now) {
        if (manifest == null) {
            manifest = m;
            m.agents().forEach(a -> agents.putIfAbsent(a, new JobSnapshot.AgentProgress(AgentState.QUEUED, 0, null)));
        }
        touchedAt = now;
    }

    synchronized void result(AgentResult r, long now) {
        JobSnapshot.AgentProgress current = agents.get(r.agent());
        if (current != null && current.state() == AgentState.DONE) {
            return; // a duplicate after success changes nothing
        }
        if (current == null && agents.size() >= ViewBounds.MAX_AGENTS) {
            return; // results for ever more agents the job never asked for: bounded like a manifest's agents
        }
        agents.put(r.agent(), new JobSnapshot.AgentProgress(r.isOk() ? AgentState.DONE : AgentState.FAILED, r.attempts(), r.error()));
        touchedAt = now;
    }

    synchronized void event(StoredEvent stored, long now) {
        if (!events.isEmpty() && events.get(events.size() - 1).offset() >= stored.offset()) {
            return; // replayed
        }
        if (events.size() < MAX_EVENTS) {
            events.add(stored);
        }
        JobEvent e = stored.event();
        if (e.type() == JobEvent.Type.TASK_RETRY_SCHEDULED && e.agent() != null) {
            JobSnapshot.AgentProgress current = agents.get(e.agent());
            boolean room = current != null || agents.size() < ViewBounds.MAX_AGENTS;
            if (room && (current == null || current.state() == AgentState.QUEUED || current.state() == AgentState.RETRYING)) {
                agents.put(e.agent(), new JobSnapshot.AgentProgress(AgentState.RETRYING, e.attempt(), null));
            }
        }
        touchedAt = now;
    }

    synchronized void report(Report r, long now) {
        if (report == null) {
            report = r;
        }
        touchedAt = now;
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
        boolean started = agents.values().stream().anyMatch(p -> p.state() != AgentState.QUEUED);
        return started ? JobStatus.RUNNING : JobStatus.PENDING;
    }
}
