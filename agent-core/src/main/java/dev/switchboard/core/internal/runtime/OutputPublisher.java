package dev.switchboard.core.internal.runtime;

import dev.switchboard.core.message.AgentResult;
import dev.switchboard.core.message.JobEvent;
import dev.switchboard.core.message.Task;
import dev.switchboard.core.topic.RetryTier;
import dev.switchboard.core.topic.Topic;
import dev.switchboard.core.topic.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes what a task produced (result, event, retry, dead letter) and waits until the broker has
 * every record, so the offset is committed only after the outputs are safe. One idempotent
 * producer per worker, shared by all its threads.
 */
final class OutputPublisher {
    private final Producer<String, byte[]> producer;
    private final TopicCatalogue catalogue;

    OutputPublisher(Producer<String, byte[]> producer, TopicCatalogue catalogue) {
        this.producer = producer;
        this.catalogue = catalogue;
    }

    /** A batch of records for one task, sent together and awaited together. */
    Batch batch(ConsumerRecord<String, byte[]> source) {
        return new Batch(source);
    }

    final class Batch {
        private final ConsumerRecord<String, byte[]> source;
        private final String traceparent;
        private final List<Future<RecordMetadata>> sent = new ArrayList<>();

        private Batch(ConsumerRecord<String, byte[]> source) {
            this.source = source;
            this.traceparent = TraceParent.childOf(source.headers());
        }

        Batch result(AgentResult result) {
            return send(catalogue.results(), result.jobId().toString(), result);
        }

        Batch event(JobEvent event) {
            return send(catalogue.events(), event.jobId().toString(), event);
        }

        Batch retry(RetryTier tier, Task next, Instant due) {
            Headers headers = new RecordHeaders(source.headers().toArray());
            headers.remove(RetryDue.HEADER);
            headers.add(RetryDue.HEADER, RetryDue.encode(due));
            byte[] value = catalogue.agent(next.agent()).tasks().valueSerde().serializer().serialize(tier.topic().name(), next);
            sent.add(producer.send(new ProducerRecord<>(tier.topic().name(), null, source.key(), value, headers)));
            return this;
        }

        Batch deadLetter(Topic<String, byte[]> dlq, Throwable error, int attempts, Instant failedAt) {
            Headers headers = DlqHeaders.of(source, error, attempts, failedAt);
            sent.add(producer.send(new ProducerRecord<>(dlq.name(), null, source.key(), source.value(), headers)));
            return this;
        }

        private <V> Batch send(Topic<String, V> topic, String key, V value) {
            Headers headers = new RecordHeaders();
            headers.add(TraceParent.HEADER, traceparent.getBytes(StandardCharsets.US_ASCII));
            byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
            sent.add(producer.send(new ProducerRecord<>(topic.name(), null, key, bytes, headers)));
            return this;
        }

        /** Blocks until the broker acknowledged every record of the batch. */
        void await() throws InterruptedException, ExecutionException {
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        }
    }
}
