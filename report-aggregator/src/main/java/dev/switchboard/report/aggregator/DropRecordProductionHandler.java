package dev.switchboard.report.aggregator;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregator's {@code production.exception.handler}: a record that cannot be written (too large for the topic, or
 * not serializable) is dropped, counted as {@code switchboard.aggregator.writes.dropped{reason}} and logged at WARN,
 * and the thread goes on; a retriable error is retried as Kafka Streams' default handler does.
 *
 * <p>This is the last guard, not the size policy: under {@code exactly_once_v2} the producer aborts the whole
 * transaction after any failed send, whatever this handler answers, so the aggregator keeps its state and reports
 * under the limit before they are written ({@link ReportSizeGuard}). With at-least-once the drop is final.
 *
 * <p>Public only because Kafka Streams instantiates it by class name; configured by {@link AggregatorStreamsConfig}.
 */
public final class DropRecordProductionHandler implements ProductionExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(DropRecordProductionHandler.class);
    private AggregatorMetrics metrics;

    @Override
    public void configure(Map<String, ?> configs) {
        metrics = AggregatorStreamsConfig.metricsFrom(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RetriableException) {
            return Response.retry();
        }
        metrics.dropped(AggregatorMetrics.DropReason.PRODUCTION_ERROR);
        log.warn("Dropped a record for {} ({} value bytes) while processing {}-{}@{}: {}", record.topic(),
                record.value() == null ? 0 : record.value().length, context.topic(), context.partition(), context.offset(),
                exception.toString());
        return Response.resume();
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        metrics.dropped(AggregatorMetrics.DropReason.SERIALIZATION_ERROR);
        log.warn("Dropped a record for {}: its {} could not be serialized while processing {}-{}@{}: {}", record.topic(),
                origin, context.topic(), context.partition(), context.offset(), exception.toString());
        return Response.resume();
    }
}
