package dev.switchboard.orchestrator.ingress.internal;

import dev.switchboard.orchestrator.http.SubmitProblems;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Source records of which Kafka refused a record for itself (too large, invalid) in an aborted transaction. Such a
 * record would abort every retry, so when it comes again it is refused alone, as {@code POST /v1/jobs} refuses it
 * (422 {@code record-refused}), and the rest of its poll is written. Outlives the loop's restarts; each entry is used once.
 */
public final class RefusedByKafka {
    private final Map<String, Decision.Refuse> refused = new ConcurrentHashMap<>();

    /** The refusal noted for {@code record}, once. */
    public Optional<Decision.Refuse> refusal(ConsumerRecord<String, byte[]> record) {
        return Optional.ofNullable(refused.remove(id(record)));
    }

    /** Notes each source record one of whose sends Kafka refused for the record itself. */
    public void note(Map<ConsumerRecord<String, byte[]>, List<Future<RecordMetadata>>> sent) {
        sent.forEach((source, futures) -> futures.stream().map(RefusedByKafka::recordError).flatMap(Optional::stream).findFirst()
                .ifPresent(e -> refused.put(id(source), new Decision.Refuse(SubmitProblems.recordRefused(e), e.getClass().getName()))));
    }

    private static Optional<Exception> recordError(Future<RecordMetadata> future) {
        if (!future.isDone()) {
            return Optional.empty();
        }
        try {
            future.get();
            return Optional.empty();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException
                    || cause instanceof InvalidRecordException ? Optional.of((Exception) cause) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String id(ConsumerRecord<String, byte[]> record) {
        return record.topic() + "/" + record.partition() + "@" + record.offset();
    }
}
