package dev.switchboard.orchestrator.ingress.internal;

import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.orchestrator.http.ProblemException;
import dev.switchboard.orchestrator.http.SubmitProblems;
import dev.switchboard.orchestrator.http.SubmitRequestParser;
import dev.switchboard.orchestrator.jobs.JobIds;
import dev.switchboard.orchestrator.jobs.JobRecords;
import dev.switchboard.orchestrator.port.IdempotencyKeyReusedException;
import dev.switchboard.orchestrator.port.JobQueries;
import dev.switchboard.orchestrator.port.JobRequest;
import dev.switchboard.orchestrator.port.JobTooLargeException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decides each record of {@code switchboard.submissions} as {@code POST /v1/jobs} would decide the same body under the
 * record's key as {@code Idempotency-Key} (decision 0036): validated by {@link SubmitRequestParser} as
 * {@code application/json}; the job id derived from (owner, key); the same key and request as a known job is a replay,
 * another request under a known key is refused (409). Jobs decided in this poll but not yet committed count as known
 * ({@link #decide}'s {@code pending}), so a record produced twice in one poll is still one job.
 */
public final class SubmissionDecider {
    static final String JSON = "application/json";

    private final SubmitRequestParser parser;
    private final JobQueries view;
    private final TopicCatalogue topics;
    private final String owner;
    private final Clock clock;

    public SubmissionDecider(SubmitRequestParser parser, JobQueries view, TopicCatalogue topics, String owner, Clock clock) {
        this.parser = parser;
        this.view = view;
        this.topics = topics;
        this.owner = owner;
        this.clock = clock;
    }

    /** The idempotency key of {@code record}: its key, or {@code kafka:<partition>:<offset>} when it has none. */
    public static String keyOf(ConsumerRecord<String, byte[]> record) {
        return record.key() != null ? record.key() : "kafka:" + record.partition() + ":" + record.offset();
    }

    /** The job id the record names: the same as an HTTP submit of this owner with the record's key. */
    public UUID jobIdOf(ConsumerRecord<String, byte[]> record) {
        return JobIds.newJobId(owner, keyOf(record));
    }

    /**
     * Decides {@code record}; {@code pending} maps the jobs of this poll that are not committed yet to their request
     * hashes, and gets the job this record writes.
     */
    public Decision decide(ConsumerRecord<String, byte[]> record, Map<UUID, String> pending) {
        String key = keyOf(record);
        try {
            if (!StrictUtf8Keys.valid(key)) {
                throw ProblemException.badRequest("invalid-idempotency-key", "The record's key must be UTF-8 text (without U+FFFF)");
            }
            SubmitProblems.checkKey(key);
            byte[] body = record.value() == null ? new byte[0] : record.value();
            JobRequest request = parser.parse(JSON, body, SubmitRequestParser.knownAgents(topics, view), parser.defaultAgents(topics), owner);
            UUID jobId = JobIds.newJobId(owner, key);
            Optional<String> earlier = Optional.ofNullable(pending.get(jobId))
                    .or(() -> view.job(jobId).map(job -> job.manifest().requestHash()));
            if (earlier.isPresent()) {
                if (!earlier.get().equals(request.requestHash())) {
                    throw new IdempotencyKeyReusedException(key, jobId);
                }
                return new Decision.Replay(jobId);
            }
            JobRecords job = JobRecords.of(jobId, request, owner, clock.instant(), topics);
            pending.put(jobId, request.requestHash());
            return new Decision.Write(job);
        } catch (ProblemException e) {
            return new Decision.Refuse(e.problem(), e.getClass().getName());
        } catch (IdempotencyKeyReusedException e) {
            return new Decision.Refuse(SubmitProblems.keyReused(e), e.getClass().getName());
        } catch (JobTooLargeException e) {
            return new Decision.Refuse(SubmitProblems.tooLarge(e), e.getClass().getName());
        }
    }

    /** A fresh map for {@link #decide}'s {@code pending}. */
    public static Map<UUID, String> newPending() {
        return new HashMap<>();
    }
}
