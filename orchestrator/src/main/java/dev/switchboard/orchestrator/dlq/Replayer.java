package dev.switchboard.orchestrator.dlq;

import dev.switchboard.contracts.message.DeadLetterRef;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.orchestrator.port.DeadLetters;
import dev.switchboard.orchestrator.port.DeadLetters.Letter;
import dev.switchboard.orchestrator.port.DeadLetters.Sent;
import dev.switchboard.orchestrator.port.DeadLetters.Skipped;
import dev.switchboard.orchestrator.port.DeadLettersUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays dead letters (decision 0026), each in its own Kafka transaction with its ledger record and its
 * {@code TASK_REPLAYED} event, so a replay that stops halfway leaves every dead letter either replayed and in the
 * ledger or neither. Its producer's transactional id is the same in every orchestrator: a replay that starts fences any
 * other still running (that one's next commit fails and it stops), then reads the ledger to its end, so nothing is sent
 * twice. A task is sent once per run and never again once the ledger has it, whichever dead letter holds it. The dead
 * letters are read one by one on one consumer under one overall deadline.
 */
final class Replayer {
    /** The report aggregator's default amend window: a replayed task of an older job is dropped as unmatched there. */
    static final Duration AMEND_WINDOW = Duration.ofDays(7);
    static final String OLD_JOB = "job-older-than-amend-window";
    private static final Logger log = LoggerFactory.getLogger(Replayer.class);

    private final TopicCatalogue topics;
    private final ReplayLedger ledger;
    private final Supplier<Producer<String, byte[]>> producers;
    private final Supplier<BoundedRead.Records> reads;
    private final Clock clock;

    Replayer(TopicCatalogue topics, ReplayLedger ledger, Supplier<Producer<String, byte[]>> producers,
             Supplier<BoundedRead.Records> reads, Clock clock) {
        this.topics = topics;
        this.ledger = ledger;
        this.producers = producers;
        this.reads = reads;
        this.clock = clock;
    }

    /**
     * Replays the dead letters {@code refs} in order, at most {@code max}; {@code summaries} (from a listing scan, may
     * miss refs) let those the ledger already has be skipped unread. {@code complete} is false when it stopped early.
     */
    DeadLetters.ReplayOutcome replay(List<DeadLetterRef> refs, Map<DeadLetterRef, Letter> summaries, List<Skipped> skippedBefore,
                                     int max, boolean dryRun, boolean complete) {
        Run run = new Run(new ArrayList<>(skippedBefore));
        if (dryRun) {
            return run.over(refs, summaries, ledger.replays(), max, null, complete);
        }
        try (Producer<String, byte[]> producer = producers.get()) { // initTransactions fences any other replayer
            return run.over(refs, summaries, ledger.replays(), max, producer, complete);
        }
    }

    /** One replay's progress: what it sent (or would), what it skipped, the tasks it chose. */
    private final class Run {
        private final List<Sent> sent = new ArrayList<>();
        private final List<Skipped> skipped;
        private final Map<String, DeadLetterRef> chosen = new HashMap<>();

        Run(List<Skipped> skipped) {
            this.skipped = skipped;
        }

        DeadLetters.ReplayOutcome over(List<DeadLetterRef> refs, Map<DeadLetterRef, Letter> summaries, ReplayLedger.Replays replays,
                                       int max, Producer<String, byte[]> producer, boolean complete) {
            boolean dryRun = producer == null;
            try (BoundedRead.Records records = reads.get()) {
                for (DeadLetterRef ref : refs) {
                    Letter summary = summaries.get(ref);
                    Optional<Skipped> early = summary == null ? Optional.empty() : refusedByIds(summary, replays);
                    if (early.isPresent()) {
                        skipped.add(early.get());
                        continue;
                    }
                    if (sent.size() >= max) {
                        return outcome(dryRun, false);
                    }
                    Optional<Letter> letter = load(records, ref, replays);
                    if (letter == null) {
                        skipped.add(new Skipped(ref, "not-read", "The replay's time to read dead letters ran out before this one;"
                                + " run the replay again"));
                        return outcome(dryRun, false);
                    }
                    if (letter.isEmpty()) {
                        skipped.add(new Skipped(ref, "not-found", "No such dead letter"));
                        continue;
                    }
                    Optional<Skipped> refused = refusedByIds(letter.get(), replays).or(() -> refused(letter.get()));
                    if (refused.isPresent()) {
                        skipped.add(refused.get());
                        continue;
                    }
                    if (!dryRun) {
                        Optional<Skipped> failed = send(producer, letter.get());
                        if (failed.isPresent()) {
                            skipped.add(failed.get());
                            return outcome(false, false);
                        }
                    }
                    chosen.put(ReplayLedger.task(letter.get().jobId(), letter.get().taskId()), ref);
                    sent.add(sent(letter.get()));
                }
            }
            return outcome(dryRun, complete);
        }

        /** The whole dead letter {@code ref}; {@code null} when it could not be read before the deadline. */
        private Optional<Letter> load(BoundedRead.Records records, DeadLetterRef ref, ReplayLedger.Replays replays) {
            if (records.expired()) {
                return null;
            }
            try {
                return records.at(topics.agent(ref.agent()).deadLetters().name(), ref.partition(), ref.offset())
                        .map(r -> DeadLetterRecords.letter(ref.agent(), r, replays));
            } catch (DeadLettersUnavailableException e) {
                return null;
            }
        }

        private DeadLetters.ReplayOutcome outcome(boolean dryRun, boolean complete) {
            return new DeadLetters.ReplayOutcome(dryRun, sent, skipped, complete);
        }

        /** Why the ledger or this run refuse the letter by its ids (no task needed). */
        private Optional<Skipped> refusedByIds(Letter letter, ReplayLedger.Replays replays) {
            Instant at = replays.at(letter.ref(), letter.jobId(), letter.taskId());
            if (at != null) {
                return Optional.of(new Skipped(letter.ref(), "already-replayed", "It (or another dead letter of the same task)"
                        + " was replayed at " + at + "; a task is replayed once"));
            }
            DeadLetterRef twin = letter.taskId() == null ? null : chosen.get(ReplayLedger.task(letter.jobId(), letter.taskId()));
            if (twin != null) {
                return Optional.of(new Skipped(letter.ref(), "duplicate", "The same task as dead letter " + twin
                        + " (dead-lettered twice); it is replayed once"));
            }
            return Optional.empty();
        }
    }

    /** Writes one replay in one transaction; empty when committed, else why not. */
    private Optional<Skipped> send(Producer<String, byte[]> producer, Letter letter) {
        Task dead = DeadLetterRecords.task(letter).orElseThrow();
        Instant now = clock.instant();
        Task task = ReplayRecords.replayed(dead, now);
        boolean committing = false;
        try {
            producer.beginTransaction();
            producer.send(ReplayRecords.task(topics, letter.ref(), task, letter.attempts(),
                    letter.headers().get(ReplayRecords.TRACEPARENT), now));
            producer.send(ledger.record(letter.ref(), letter.jobId(), letter.taskId(), now));
            producer.send(ReplayRecords.event(topics, letter.ref(), task, now));
            committing = true;
            producer.commitTransaction();
            log.info("Replayed dead letter {} (task {} of job {}) to {}", letter.ref(), letter.taskId(), letter.jobId(),
                    topics.agent(letter.ref().agent()).tasks().name());
            return Optional.empty();
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            log.warn("Replay of {} stopped: another replay took over ({})", letter.ref(), e.toString());
            return Optional.of(new Skipped(letter.ref(), "fenced",
                    "Another replay started and took over; this one stopped before sending it. Run the replay again."));
        } catch (KafkaException e) {
            log.warn("Replay of {} failed; aborting its transaction: {}", letter.ref(), e.toString());
            boolean aborted = abort(producer, e);
            if (committing && !aborted) {
                return Optional.of(new Skipped(letter.ref(), "outcome-unknown", "Kafka did not confirm the commit ("
                        + e.getMessage() + "); whether it was written is unknown. The replay ledger decides: run the replay"
                        + " again, it skips this dead letter if it was written."));
            }
            return Optional.of(new Skipped(letter.ref(), "kafka-error",
                    "Kafka refused the replay (" + e.getMessage() + "); nothing of it was written. Run the replay again."));
        }
    }

    private static boolean abort(Producer<String, byte[]> producer, KafkaException e) {
        try {
            producer.abortTransaction();
            return true;
        } catch (KafkaException abort) {
            e.addSuppressed(abort);
            return false;
        }
    }

    /** Why {@code letter} cannot be replayed, if it cannot. */
    private static Optional<Skipped> refused(Letter letter) {
        if (letter.truncated()) {
            return Optional.of(new Skipped(letter.ref(), "truncated",
                    "The dead letter holds a truncated copy of the task (the original did not fit the topic); it cannot be replayed"));
        }
        Optional<Task> task = DeadLetterRecords.task(letter);
        if (task.isEmpty()) {
            return Optional.of(new Skipped(letter.ref(), "not-a-task", "The dead letter's value is not a readable task; it cannot be replayed"));
        }
        if (!task.get().agent().equals(letter.ref().agent())) {
            return Optional.of(new Skipped(letter.ref(), "wrong-agent", "The task is for agent '" + task.get().agent()
                    + "', not '" + letter.ref().agent() + "' whose dead-letter topic holds it; it cannot be replayed there"));
        }
        return Optional.empty();
    }

    private Sent sent(Letter letter) {
        Instant submitted = DeadLetterRecords.task(letter).map(Task::submittedAt).orElse(null);
        String warning = submitted != null && submitted.isBefore(clock.instant().minus(AMEND_WINDOW)) ? OLD_JOB : null;
        return new Sent(letter.ref(), letter.jobId(), letter.taskId(), topics.agent(letter.ref().agent()).tasks().name(), warning);
    }
}
