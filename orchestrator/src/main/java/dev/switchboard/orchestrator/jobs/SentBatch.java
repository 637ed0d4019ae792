package dev.switchboard.orchestrator.jobs;

import dev.switchboard.orchestrator.port.JobRefusedException;
import dev.switchboard.orchestrator.port.JobTooLargeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * What one transaction's sends came to, read after the flush: which jobs Kafka refused a record of
 * for a reason of the record's own (they fail alone, the rest of the batch is written again), and
 * otherwise the first failure, which fails the whole transaction.
 */
final class SentBatch {

    /** What was sent for one job: a future per record sent, and the exception that stopped its sends, if any. */
    record Sent(FanOut.Pending job, List<Future<RecordMetadata>> futures, RuntimeException stoppedBy) {
    }

    private final List<Sent> sent = new ArrayList<>();
    private final int maxValueBytes;

    SentBatch(int maxValueBytes) {
        this.maxValueBytes = maxValueBytes;
    }

    void add(Sent job) {
        sent.add(job);
    }

    /** The jobs with a record Kafka refused for a reason of its own, each with the exception to answer it with. */
    Map<FanOut.Pending, JobRefusedException> refusals() {
        Map<FanOut.Pending, JobRefusedException> refused = new LinkedHashMap<>();
        for (Sent s : sent) {
            List<JobRecords.Entry> entries = s.job().job().entries();
            for (int i = 0; i < entries.size(); i++) {
                Throwable error = i < s.futures().size() ? failureOf(s.futures().get(i))
                        : i == s.futures().size() ? s.stoppedBy() : null;
                if (isRecordSpecific(error)) {
                    refused.put(s.job(), refusal(entries.get(i), error));
                    break;
                }
            }
        }
        return refused;
    }

    /** The first failure of any send, in the order they were sent, or null. */
    RuntimeException firstFailure() {
        for (Sent s : sent) {
            for (Future<RecordMetadata> f : s.futures()) {
                Throwable error = failureOf(f);
                if (error != null) {
                    return error instanceof RuntimeException r ? r : new KafkaException(error);
                }
            }
            if (s.stoppedBy() != null) {
                return s.stoppedBy();
            }
        }
        return null;
    }

    /**
     * Errors that belong to one record, not to the transaction or the broker: judged on the
     * exception's own type, never on its cause (a send refused because another job's record already
     * failed the transaction carries that record's error as its cause).
     */
    static boolean isRecordSpecific(Throwable error) {
        return error instanceof RecordTooLargeException || error instanceof RecordBatchTooLargeException
                || error instanceof InvalidRecordException || error instanceof SerializationException;
    }

    private JobRefusedException refusal(JobRecords.Entry entry, Throwable error) {
        String topic = entry.record().topic();
        if (error instanceof RecordTooLargeException || error instanceof RecordBatchTooLargeException) {
            return new JobTooLargeException(entry.what(), topic, entry.valueBytes(), maxValueBytes, error);
        }
        return new JobRefusedException("Kafka refused the " + entry.what() + " for " + topic + ": " + error.getMessage(), error);
    }

    private static Throwable failureOf(Future<RecordMetadata> f) {
        if (!f.isDone()) {
            return new TimeoutException("The record was not acknowledged when the flush ended");
        }
        try {
            f.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }
}
