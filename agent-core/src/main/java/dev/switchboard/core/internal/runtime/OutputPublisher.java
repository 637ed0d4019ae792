package dev.switchboard.core.internal.runtime;

import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.DeadLetterHeaders;
import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.topic.RetryTier;
import dev.switchboard.contracts.topic.Topic;
import dev.switchboard.contracts.topic.TopicCatalogue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import dev.switchboard.observability.tracing.KafkaTraceHeaders;
import io.opentelemetry.context.Context;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes what a task produced (result, event, retry, dead letter) and waits until the broker has
 * every record, so the offset is committed only after the outputs are safe. One idempotent
 * producer per worker, shared by all its threads. Every record is checked against the topics' size
 * limit before it is sent: a result or retry copy that would not fit throws
 * {@link OutputTooLargeException} (nothing of that record is sent); a dead-letter copy is truncated
 * to fit, with {@code switchboard.truncated} and {@code switchboard.original.bytes} headers.
 */
final class OutputPublisher {
    private final Producer<String, byte[]> producer;
    private final TopicCatalogue catalogue;
    private final int maxValueBytes;
    private static final int MAX_DLQ_KEY_CHARS = 1024;

    OutputPublisher(Producer<String, byte[]> producer, TopicCatalogue catalogue) {
        this.producer = producer;
        this.catalogue = catalogue;
        this.maxValueBytes = catalogue.maxValueBytes();
    }

    /** A batch of records for one task, sent together and awaited together. */
    Batch batch(ConsumerRecord<String, byte[]> source) {
        return new Batch(source);
    }

    final class Batch {
        private final ConsumerRecord<String, byte[]> source;
        /** The attempt's span (current when the batch is made): every output carries it. */
        private final Context trace;
        private final List<Future<RecordMetadata>> sent = new ArrayList<>();

        private Batch(ConsumerRecord<String, byte[]> source) {
            this.source = source;
            this.trace = Context.current();
        }

        Batch result(AgentResult result) {
            return send(catalogue.results(), result.jobId().toString(), result);
        }

        Batch event(JobEvent event) {
            return send(catalogue.events(), event.jobId().toString(), event);
        }

        /** The retry copy, due at {@code due}; its attempt reads the call journal from {@code journalSince}. */
        Batch retry(RetryTier tier, Task next, Instant due, Instant journalSince) {
            Headers headers = new RecordHeaders(source.headers().toArray());
            headers.remove(RetryDue.HEADER);
            headers.add(RetryDue.HEADER, RetryDue.encode(due));
            headers.remove(JournalSince.HEADER);
            headers.add(JournalSince.HEADER, JournalSince.encode(journalSince));
            KafkaTraceHeaders.inject(trace, headers); // the next attempt is a child of this one
            byte[] value = catalogue.agent(next.agent()).tasks().valueSerde().serializer().serialize(tier.topic().name(), next);
            check(tier.topic().name(), value.length + DlqHeaders.size(headers));
            sent.add(producer.send(new ProducerRecord<>(tier.topic().name(), null, source.key(), value, headers)));
            return this;
        }

        Batch deadLetter(Topic<String, byte[]> dlq, Throwable error, int attempts, Instant failedAt) {
            return deadLetter(dlq, DlqHeaders.of(source, error, attempts, failedAt));
        }

        /** A dead letter whose {@code switchboard.error.type} is {@code errorType}, the error type of the task's FAILED result. */
        Batch deadLetter(Topic<String, byte[]> dlq, Throwable error, String errorType, int attempts, Instant failedAt) {
            Headers headers = DlqHeaders.of(source, error, attempts, failedAt);
            DlqHeaders.put(headers, DeadLetterHeaders.ERROR_TYPE, errorType);
            return deadLetter(dlq, headers);
        }

        /** A dead letter for a record that was in flight during {@code crashes} process crashes. */
        Batch poison(Topic<String, byte[]> dlq, String message, int attempts, int crashes, Instant failedAt) {
            Headers headers = DlqHeaders.of(source, DeadLetterHeaders.POISON_RECORD, message, attempts, failedAt);
            DlqHeaders.put(headers, DeadLetterHeaders.CRASHES, Integer.toString(crashes));
            DlqHeaders.put(headers, DeadLetterHeaders.ERROR_TYPE, DeadLetterHeaders.POISON_RECORD);
            return deadLetter(dlq, headers);
        }

        private Batch deadLetter(Topic<String, byte[]> dlq, Headers headers) {
            KafkaTraceHeaders.inject(trace, headers);
            byte[] value = source.value();
            String key = source.key();
            if (key != null && key.length() > MAX_DLQ_KEY_CHARS) {
                key = key.substring(0, MAX_DLQ_KEY_CHARS); // a hostile writer's key: the job id is 36 characters
                DlqHeaders.put(headers, DeadLetterHeaders.TRUNCATED, "true");
            }
            int room = maxValueBytes - DlqHeaders.size(headers) - (key == null ? 0 : 4 * key.length()) - 256;
            if (value != null && value.length > room) {
                DlqHeaders.put(headers, DeadLetterHeaders.TRUNCATED, "true");
                DlqHeaders.put(headers, DeadLetterHeaders.ORIGINAL_BYTES, Integer.toString(value.length));
                value = Arrays.copyOf(value, Math.max(0, room));
            }
            sent.add(producer.send(new ProducerRecord<>(dlq.name(), null, key, value, headers)));
            return this;
        }

        private <V> Batch send(Topic<String, V> topic, String key, V value) {
            Headers headers = KafkaTraceHeaders.inject(trace, new RecordHeaders());
            ReplayOf.carry(source.headers(), headers);
            byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
            check(topic.name(), bytes.length + DlqHeaders.size(headers));
            sent.add(producer.send(new ProducerRecord<>(topic.name(), null, key, bytes, headers)));
            return this;
        }

        private void check(String topic, int bytes) {
            if (bytes > maxValueBytes) {
                throw new OutputTooLargeException(topic, bytes, maxValueBytes);
            }
        }

        /** Blocks until the broker acknowledged every record of the batch. */
        void await() throws InterruptedException, ExecutionException {
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        }
    }
}
