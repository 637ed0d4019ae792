package dev.switchboard.orchestrator.dlq;

import dev.switchboard.contracts.message.DeadLetterRef;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.orchestrator.port.DeadLettersUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The replay ledger (decision 0026): the topic {@code catalogue.dlqReplays()} (compacted, and deleted after 21 days,
 * longer than a dead letter is kept), one record per replayed dead letter, keyed by its ref, written in the transaction that sends the replayed task. Read committed to its end, it
 * says which dead letters were replayed and when; a replay reads it after taking the replay producer's transactional
 * id, so what a fenced or crashed replayer committed is seen and what it left open is aborted.
 */
final class ReplayLedger {
    /** One ledger record's value. */
    record Entry(String ref, String jobId, String taskId, Instant replayedAt) {
    }

    private final BoundedRead read;
    private final String topic;
    private final Duration bound;

    ReplayLedger(BoundedRead read, TopicCatalogue topics, Duration bound) {
        this.read = read;
        this.topic = topics.dlqReplays().name();
        this.bound = bound;
    }

    /**
     * What the ledger says: its entries by ref and by task. A ref's entry counts for a dead letter only when its
     * {@code jobId}/{@code taskId} match the letter's (a recreated DLQ topic reuses offsets); a task's entry counts for
     * every dead letter of that task (a task dead-lettered twice is replayed once).
     */
    static final class Replays {
        /** The ledger could not be read in time: whether anything was replayed is unknown. */
        static final Replays UNKNOWN = new Replays(Map.of(), Map.of(), false);
        private final Map<String, Entry> byRef;
        private final Map<String, Entry> byTask;
        private final boolean known;

        private Replays(Map<String, Entry> byRef, Map<String, Entry> byTask, boolean known) {
            this.byRef = byRef;
            this.byTask = byTask;
            this.known = known;
        }

        boolean known() {
            return known;
        }

        /** When the dead letter {@code ref} holding task {@code taskId} of {@code jobId} was replayed, or {@code null}. */
        Instant at(DeadLetterRef ref, String jobId, String taskId) {
            Entry entry = byRef.get(ref.toString());
            if (entry != null && same(entry.jobId(), jobId) && same(entry.taskId(), taskId)) {
                return entry.replayedAt();
            }
            Entry ofTask = taskId == null ? null : byTask.get(task(jobId, taskId));
            return ofTask == null ? null : ofTask.replayedAt();
        }

        /** The ledger entry of the task {@code taskId} of {@code jobId}, whichever dead letter it was replayed from. */
        java.util.Optional<Entry> ofTask(String jobId, String taskId) {
            return java.util.Optional.ofNullable(taskId == null ? null : byTask.get(task(jobId, taskId)));
        }

        private static boolean same(String ledger, String letter) {
            return ledger == null || letter == null || ledger.equals(letter); // an unreadable entry still counts by ref
        }
    }

    static String task(String jobId, String taskId) {
        return jobId + "/" + taskId;
    }

    /** The whole ledger, or {@link DeadLettersUnavailableException} if it cannot be read to its end in time. */
    Replays replays() {
        Map<String, Entry> byRef = new HashMap<>();
        BoundedRead.Result result = read.read(List.of(topic), null, Integer.MAX_VALUE, bound, r -> {
            if (r.value() == null) {
                byRef.remove(r.key());
                return;
            }
            try {
                Entry e = Json.fromBytes(r.value(), Entry.class);
                byRef.put(r.key(), new Entry(r.key(), e.jobId(), e.taskId(),
                        e.replayedAt() == null ? Instant.ofEpochMilli(r.timestamp()) : e.replayedAt()));
            } catch (RuntimeException e) {
                byRef.put(r.key(), new Entry(r.key(), null, null, Instant.ofEpochMilli(r.timestamp()))); // replayed, readable or not
            }
        });
        if (!result.complete()) {
            throw new DeadLettersUnavailableException("The replay ledger " + topic + " could not be read to its end within "
                    + bound.toSeconds() + " s", null);
        }
        Map<String, Entry> byTask = new HashMap<>();
        byRef.values().stream().filter(e -> e.jobId() != null && e.taskId() != null)
                .forEach(e -> byTask.putIfAbsent(task(e.jobId(), e.taskId()), e));
        return new Replays(byRef, byTask, true);
    }

    /** The whole ledger, or {@link Replays#UNKNOWN} if it cannot be read in time (listings degrade, never fail on it). */
    Replays replaysOrUnknown() {
        try {
            return replays();
        } catch (DeadLettersUnavailableException | org.apache.kafka.common.KafkaException e) {
            return Replays.UNKNOWN;
        }
    }

    ProducerRecord<String, byte[]> record(DeadLetterRef ref, String jobId, String taskId, Instant replayedAt) {
        return new ProducerRecord<>(topic, ref.toString(), Json.toBytes(new Entry(ref.toString(), jobId, taskId, replayedAt)));
    }
}
