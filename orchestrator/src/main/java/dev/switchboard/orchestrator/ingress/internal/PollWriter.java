package dev.switchboard.orchestrator.ingress.internal;

import dev.switchboard.contracts.message.JobManifest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Writes one poll of {@code switchboard.submissions} exactly once (decision 0036): per transaction the records of every
 * new job, a dead letter per refused submission and the consumed offsets ({@code sendOffsetsToTransaction}), then commit,
 * then the jobs go into the local view. A poll whose jobs exceed {@link #MAX_TRANSACTION_BYTES} takes several
 * transactions, each committing the offsets of its own records. Any failure aborts and is thrown: the loop restarts from
 * the committed offsets. A source record one of whose records Kafka refused for itself (too large, invalid) is noted
 * ({@link RefusedByKafka}) and becomes a dead letter alone when it comes again.
 */
public final class PollWriter {
    /** Bytes of job records per transaction, as the fan-out's group commit allows. */
    public static final long MAX_TRANSACTION_BYTES = 16L * 1024 * 1024;

    private final SubmissionDecider decider;
    private final RefusedSubmissions deadLetters;
    private final RefusedByKafka refusedByKafka;
    private final Consumer<JobManifest> accepted;
    private final Runnable beforeCommit;
    private final Clock clock;
    private final Map<String, Counter> outcomes = new HashMap<>();

    /** {@code accepted}: a committed job (without its document); {@code beforeCommit} runs after every send (tests throw). */
    public PollWriter(SubmissionDecider decider, RefusedSubmissions deadLetters, RefusedByKafka refusedByKafka,
                      Consumer<JobManifest> accepted, Runnable beforeCommit, Clock clock, MeterRegistry registry) {
        this.decider = decider;
        this.deadLetters = deadLetters;
        this.refusedByKafka = refusedByKafka;
        this.accepted = accepted;
        this.beforeCommit = beforeCommit;
        this.clock = clock;
        for (String outcome : List.of("written", "replayed", "refused")) {
            outcomes.put(outcome, Counter.builder("switchboard.orchestrator.ingress.records").tag("outcome", outcome)
                    .description("Records of switchboard.submissions by what became of them").register(registry));
        }
    }

    private record Entry(ConsumerRecord<String, byte[]> source, Decision decision) {
        long bytes() {
            return decision instanceof Decision.Write w ? w.job().bytes() : source.value() == null ? 0 : source.value().length;
        }
    }

    public void write(Iterable<ConsumerRecord<String, byte[]>> records, ConsumerGroupMetadata group, Producer<String, byte[]> producer) {
        Map<UUID, String> pending = SubmissionDecider.newPending();
        List<Entry> chunk = new ArrayList<>();
        long bytes = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            Entry entry = new Entry(record, refusedByKafka.refusal(record).map(r -> (Decision) r).orElseGet(() -> decider.decide(record, pending)));
            if (!chunk.isEmpty() && bytes + entry.bytes() > MAX_TRANSACTION_BYTES) {
                commit(chunk, group, producer);
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(entry);
            bytes += entry.bytes();
        }
        if (!chunk.isEmpty()) {
            commit(chunk, group, producer);
        }
    }

    private void commit(List<Entry> chunk, ConsumerGroupMetadata group, Producer<String, byte[]> producer) {
        Map<ConsumerRecord<String, byte[]>, List<Future<RecordMetadata>>> sent = new HashMap<>();
        producer.beginTransaction();
        try {
            for (Entry entry : chunk) {
                List<Future<RecordMetadata>> futures = new ArrayList<>();
                if (entry.decision() instanceof Decision.Write w) {
                    w.job().entries().forEach(e -> futures.add(producer.send(e.record())));
                } else if (entry.decision() instanceof Decision.Refuse r) {
                    futures.add(producer.send(deadLetters.deadLetter(entry.source(), r, clock.instant())));
                }
                sent.put(entry.source(), futures);
            }
            producer.sendOffsetsToTransaction(offsets(chunk), group);
            producer.flush(); // the commit would flush anyway; done here, beforeCommit sees every send acknowledged
            beforeCommit.run();
            producer.commitTransaction();
        } catch (RuntimeException e) {
            refusedByKafka.note(sent);
            try {
                producer.abortTransaction();
            } catch (RuntimeException aborting) {
                e.addSuppressed(aborting);
            }
            throw e;
        }
        for (Entry entry : chunk) {
            outcomes.get(outcome(entry.decision())).increment();
            if (entry.decision() instanceof Decision.Write w) {
                accepted.accept(w.job().manifest().withoutDocument());
            }
        }
    }

    private static String outcome(Decision decision) {
        return decision instanceof Decision.Write ? "written" : decision instanceof Decision.Replay ? "replayed" : "refused";
    }

    /** For each partition of {@code chunk}, the offset after its last record: where a restart goes on. */
    static Map<TopicPartition, OffsetAndMetadata> offsets(List<Entry> chunk) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (Entry entry : chunk) {
            ConsumerRecord<String, byte[]> r = entry.source();
            offsets.merge(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        return offsets;
    }
}
