package dev.switchboard.orchestrator.view;

import dev.switchboard.contracts.message.AgentRegistration;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.ErrorInfo;
import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.contracts.message.JobManifest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clamps hostile-but-valid values of records read from Kafka before the view keeps them, so no
 * value can overflow date arithmetic (a deadline in the year 1 000 000 000) or fill the heap (a
 * 1.9 MB metadata map). Each clamp is counted ({@code switchboard.orchestrator.view.clamped}, by
 * field) and logged. Bounds: dates within years 0–9999, a deadline within
 * {@code SWITCHBOARD_MAX_DEADLINE} of submission, and the API's limits on metadata.
 */
public final class ViewBounds {
    private static final Logger log = LoggerFactory.getLogger(ViewBounds.class);
    static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    static final int MAX_AGENTS = 256;
    static final int MAX_METADATA_ENTRIES = 32;
    static final int MAX_METADATA_CHARS = 256;
    /** Provider accounts kept per heartbeat's signals. */
    static final int MAX_QUOTA_ACCOUNTS = 16;
    static final int MAX_MESSAGE_CHARS = 4096;
    static final int MAX_URL_CHARS = 2048;
    static final int MAX_HASH_CHARS = 128;

    private final Duration maxDeadline;
    private final MeterRegistry registry;

    public ViewBounds(Duration maxDeadline, MeterRegistry registry) {
        this.maxDeadline = maxDeadline;
        this.registry = registry;
    }

    JobManifest manifest(JobManifest m, String where) {
        Instant submitted = instant(m.submittedAt(), "submittedAt", where);
        Instant latest = plus(submitted, maxDeadline);
        Instant deadline = m.deadline();
        if (deadline.isBefore(submitted) || deadline.isAfter(latest)) {
            deadline = deadline.isBefore(submitted) ? submitted : latest;
            clamped("deadline", where, m.deadline() + " -> " + deadline);
        }
        List<String> agents = m.agents();
        if (agents.size() > MAX_AGENTS) {
            agents = agents.subList(0, MAX_AGENTS);
            clamped("agents", where, m.agents().size() + " agents -> " + MAX_AGENTS);
        }
        String callbackUrl = m.callbackUrl();
        if (callbackUrl != null && callbackUrl.length() > MAX_URL_CHARS) {
            callbackUrl = null;
            clamped("callbackUrl", where, "dropped a URL of " + m.callbackUrl().length() + " characters");
        }
        String hash = m.requestHash();
        if (hash != null && hash.length() > MAX_HASH_CHARS) {
            hash = null;
            clamped("requestHash", where, "dropped a hash of " + m.requestHash().length() + " characters");
        }
        String owner = m.owner();
        if (owner != null && owner.length() > MAX_HASH_CHARS) {
            owner = null; // then only admins read the job (decision 0021)
            clamped("owner", where, "dropped an owner of " + m.owner().length() + " characters");
        }
        Map<String, String> metadata = metadata(m.metadata(), where);
        if (submitted == m.submittedAt() && deadline == m.deadline() && agents == m.agents() && callbackUrl == m.callbackUrl()
                && hash == m.requestHash() && owner == m.owner() && metadata == m.metadata()) {
            return m.withoutDocument();
        }
        return new JobManifest(m.version(), m.jobId(), agents, submitted, deadline, callbackUrl, metadata, hash, owner, m.budget(),
                needsAmong(m.needs(), agents), null);
    }

    /** The needs of {@code agents} that name only {@code agents}: what is left of a workflow when agents were cut. */
    private static Map<String, List<String>> needsAmong(Map<String, List<String>> needs, List<String> agents) {
        Set<String> among = new HashSet<>(agents);
        Map<String, List<String>> kept = new LinkedHashMap<>();
        needs.forEach((agent, of) -> {
            if (among.contains(agent) && among.containsAll(of)) {
                kept.put(agent, of);
            }
        });
        return kept;
    }

    JobEvent event(JobEvent e, String where) {
        Instant at = instant(e.at(), "at", where);
        String message = text(e.message(), MAX_MESSAGE_CHARS, "message", where);
        String agent = text(e.agent(), MAX_METADATA_CHARS, "agent", where);
        if (at == e.at() && message == e.message() && agent == e.agent()) {
            return e;
        }
        return new JobEvent(e.version(), e.jobId(), e.type(), agent, e.taskId(), e.attempt(), message, at);
    }

    /** The result with its error bounded (the view keeps a result's state, attempts and error). */
    AgentResult result(AgentResult r, String where) {
        ErrorInfo error = r.error();
        if (error == null) {
            return r;
        }
        String type = text(error.type(), MAX_METADATA_CHARS, "error.type", where);
        String message = text(error.message(), MAX_MESSAGE_CHARS, "error.message", where);
        if (type == error.type() && message == error.message()) {
            return r;
        }
        return new AgentResult(r.version(), r.jobId(), r.taskId(), r.agent(), r.status(), r.output(), new ErrorInfo(type, message),
                r.attempts(), r.model(), r.usage(), r.startedAt(), r.finishedAt());
    }

    AgentRegistration registration(AgentRegistration r, String where) {
        Instant heartbeat = instant(r.heartbeatAt(), "heartbeatAt", where);
        Instant started = r.startedAt() == null ? null : instant(r.startedAt(), "startedAt", where);
        AgentRegistration.Signals signals = signals(r.signals());
        if (heartbeat == r.heartbeatAt() && started == r.startedAt() && signals == r.signals()) {
            return r;
        }
        return new AgentRegistration(r.version(), r.agent(), r.instanceId(), r.outputType(), r.outputSchema(), r.concurrency(),
                r.status(), started, heartbeat, signals);
    }

    /** At most {@value #MAX_QUOTA_ACCOUNTS} quota accounts of sane names: a heartbeat cannot fill the view. */
    private static AgentRegistration.Signals signals(AgentRegistration.Signals s) {
        if (s == null || s.quota().size() <= MAX_QUOTA_ACCOUNTS
                && s.quota().stream().allMatch(q -> q != null && q.account() != null && q.account().length() <= MAX_METADATA_CHARS)) {
            return s;
        }
        return new AgentRegistration.Signals(s.lagRecords(), s.oldestTaskAgeSeconds(), s.inFlight(), s.quota().stream()
                .filter(q -> q != null && q.account() != null && q.account().length() <= MAX_METADATA_CHARS)
                .limit(MAX_QUOTA_ACCOUNTS).toList());
    }

    private Map<String, String> metadata(Map<String, String> metadata, String where) {
        boolean hostile = metadata.size() > MAX_METADATA_ENTRIES || metadata.entrySet().stream()
                .anyMatch(e -> e.getKey().length() > MAX_METADATA_CHARS || e.getValue() == null || e.getValue().length() > MAX_METADATA_CHARS);
        if (!hostile) {
            return metadata;
        }
        Map<String, String> kept = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (kept.size() == MAX_METADATA_ENTRIES) {
                break;
            }
            if (e.getKey().length() <= MAX_METADATA_CHARS && e.getValue() != null) {
                kept.put(e.getKey(), cut(e.getValue(), MAX_METADATA_CHARS));
            }
        }
        clamped("metadata", where, metadata.size() + " entries -> " + kept.size() + " of at most " + MAX_METADATA_CHARS + " characters");
        return kept;
    }

    private Instant instant(Instant value, String field, String where) {
        if (value.isBefore(EARLIEST) || value.isAfter(LATEST)) {
            Instant bounded = value.isBefore(EARLIEST) ? EARLIEST : LATEST;
            clamped(field, where, value + " -> " + bounded);
            return bounded;
        }
        return value;
    }

    private String text(String value, int max, String field, String where) {
        if (value == null || value.length() <= max) {
            return value;
        }
        clamped(field, where, value.length() + " characters -> " + max);
        return cut(value, max);
    }

    /** At most {@code max} characters, never ending in half a surrogate pair. */
    private static String cut(String value, int max) {
        if (value.length() <= max) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end);
    }

    /** {@code from + d}, saturating at {@link #LATEST} instead of overflowing. */
    static Instant plus(Instant from, Duration d) {
        return Duration.between(from, LATEST).compareTo(d) <= 0 ? LATEST : from.plus(d);
    }

    private void clamped(String field, String where, String detail) {
        Counter.builder("switchboard.orchestrator.view.clamped")
                .description("Hostile-but-valid values clamped in records read into the job view")
                .tag("field", field).register(registry).increment();
        log.warn("Clamped {} of the record at {}: {}", field, where, detail);
    }
}
