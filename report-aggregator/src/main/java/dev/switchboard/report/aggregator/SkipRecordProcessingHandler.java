package dev.switchboard.report.aggregator;

import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregator's {@code processing.exception.handler}: an exception from processing one record (or one punctuation)
 * skips that record, counted as {@code switchboard.aggregator.records.skipped{reason=processing-error}} and logged at
 * WARN with its topic, partition and offset, so one record never stops a partition. Kafka Streams' own failures
 * ({@link StreamsException}: a state store that cannot be written, a producer that failed) are not about one record;
 * skipping would drop every record after them, so those fail the thread and go to the bounded
 * {@link ThreadReplacementPolicy}. Kafka Streams passes task migration and corruption past this handler itself.
 *
 * <p>Public only because Kafka Streams instantiates it by class name; configured by {@link AggregatorStreamsConfig}.
 */
public final class SkipRecordProcessingHandler implements ProcessingExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(SkipRecordProcessingHandler.class);
    private AggregatorMetrics metrics;

    @Override
    public void configure(Map<String, ?> configs) {
        metrics = AggregatorStreamsConfig.metricsFrom(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (exception instanceof StreamsException) {
            log.error("Kafka Streams failed while processing {}-{}@{} (processor {}); failing the stream thread",
                    context.topic(), context.partition(), context.offset(), context.processorNodeId(), exception);
            return Response.fail();
        }
        metrics.skipped(AggregatorMetrics.SkipReason.PROCESSING_ERROR);
        log.warn("Skipped record {}-{}@{} (processor {}): processing it threw {}", context.topic(), context.partition(),
                context.offset(), context.processorNodeId(), exception.toString());
        log.debug("Stack trace of the skipped record's failure", exception);
        return Response.resume();
    }
}
