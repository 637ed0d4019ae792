package dev.switchboard.orchestrator.health;

import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.contracts.topic.TopicSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's {@code topics} readiness check. Down only for what breaks the orchestrator's work: a topic of the
 * catalogue is missing, or {@code switchboard.jobs} and {@code switchboard.results} are not co-partitioned (the
 * aggregator cannot join them, so every job accepted would wait for a report that never comes). Any other difference
 * from topics.yaml is drift (a config an operator changed, partitions grown on a task topic, a replication factor):
 * logged at WARN once per distinct set of differences and left to {@code topics apply}. Readiness taking every replica
 * out of its Service over a changed {@code retention.ms} would only take the API down.
 *
 * <p>The check is admin round trips (list and describe topics, describe configs), so an up answer is kept for
 * {@code ttl}; a down one is asked again on the next call, so recovery shows at once.
 */
public final class TopicsReadiness implements BooleanSupplier {
    /** How long an up answer is kept: a topic deleted under a running orchestrator shows within this. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);
    /** Each admin call's bound: the probe must answer even when the broker does not. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(TopicsReadiness.class);

    private final Admin admin;
    private final TopicCatalogue topics;
    private final Clock clock;
    private final Duration ttl;
    private final Duration timeout;
    private Instant upUntil;
    private List<String> blocking = List.of();
    private List<String> drift = List.of();

    public TopicsReadiness(Admin admin, TopicCatalogue topics, Clock clock, Duration ttl, Duration timeout) {
        this.admin = Objects.requireNonNull(admin);
        this.topics = Objects.requireNonNull(topics);
        this.clock = Objects.requireNonNull(clock);
        this.ttl = Objects.requireNonNull(ttl);
        this.timeout = Objects.requireNonNull(timeout);
    }

    /** Up while every topic exists and jobs and results are co-partitioned; drift only logs. */
    @Override
    public synchronized boolean getAsBoolean() {
        Instant now = clock.instant();
        if (upUntil != null && now.isBefore(upUntil)) {
            return true;
        }
        upUntil = null;
        List<String> problems;
        try {
            problems = blockingProblems();
        } catch (ExecutionException | TimeoutException e) {
            log.debug("Topics not checked: {}", e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (!problems.equals(blocking)) {
            blocking = List.copyOf(problems);
            if (!problems.isEmpty()) {
                log.warn("Not ready: the topics cannot serve jobs:\n  - {}\nRun `topics apply` (or fix topics.yaml).",
                        String.join("\n  - ", problems));
            }
        }
        if (!problems.isEmpty()) {
            return false;
        }
        noteDrift();
        upUntil = now.plus(ttl);
        return true;
    }

    /** The differences from topics.yaml seen at the last up answer that do not stop the orchestrator. */
    synchronized List<String> drift() {
        return drift;
    }

    private List<String> blockingProblems() throws ExecutionException, TimeoutException, InterruptedException {
        Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<String> problems = new ArrayList<>();
        topics.specs().stream().map(TopicSpec::name).filter(n -> !existing.contains(n)).forEach(n -> problems.add(n + " does not exist"));
        String jobs = topics.jobs().name();
        String results = topics.results().name();
        if (existing.contains(jobs) && existing.contains(results)) {
            Map<String, TopicDescription> described = admin.describeTopics(List.of(jobs, results)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            int jobPartitions = described.get(jobs).partitions().size();
            int resultPartitions = described.get(results).partitions().size();
            if (jobPartitions != resultPartitions) {
                problems.add(jobs + " (" + jobPartitions + " partitions) and " + results + " (" + resultPartitions
                        + " partitions) are not co-partitioned; the aggregator cannot join them");
            }
        }
        return problems;
    }

    /** Logs the full comparison with topics.yaml when it changed; a failure to compare (e.g. no DescribeConfigs ACL) is no verdict. */
    private void noteDrift() {
        List<String> now;
        try {
            now = new TopicProvisioner(admin, timeout).check(topics);
        } catch (RuntimeException e) {
            log.debug("Topic configs not compared: {}", e.toString());
            return;
        }
        if (!now.equals(drift)) {
            if (!now.isEmpty()) {
                log.warn("The cluster's topics drifted from topics.yaml (still serving; `topics apply` reports, an operator decides):\n  - {}",
                        String.join("\n  - ", now));
            } else if (!drift.isEmpty()) {
                log.info("The cluster's topics agree with topics.yaml again");
            }
            drift = List.copyOf(now);
        }
    }
}
