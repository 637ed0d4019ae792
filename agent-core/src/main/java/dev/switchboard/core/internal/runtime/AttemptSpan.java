package dev.switchboard.core.internal.runtime;

import dev.switchboard.contracts.message.Task;
import dev.switchboard.observability.tracing.KafkaTraceHeaders;
import dev.switchboard.observability.tracing.SpanScope;
import dev.switchboard.observability.tracing.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The consumer span of one task attempt: a child of the context the task record carries (the submit for a first
 * attempt, the attempt that scheduled it for a retry-tier copy), so every attempt of a job is in the job's trace. The
 * outputs the attempt publishes carry this span's context ({@link OutputPublisher}).
 */
final class AttemptSpan {
    static final AttributeKey<String> AGENT = AttributeKey.stringKey("switchboard.agent");
    static final AttributeKey<String> JOB_ID = AttributeKey.stringKey("switchboard.job.id");
    static final AttributeKey<String> TASK_ID = AttributeKey.stringKey("switchboard.task.id");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("switchboard.task.attempt");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("switchboard.task.outcome");

    private AttemptSpan() {
    }

    static SpanScope start(ConsumerRecord<String, byte[]> record, String agent) {
        return SpanScope.start(Tracing.tracer().spanBuilder("process " + record.topic())
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.destination.partition.id", Integer.toString(record.partition()))
                .setAttribute("messaging.kafka.offset", record.offset())
                .setAttribute(AGENT, agent), KafkaTraceHeaders.extract(record.headers()));
    }

    /** Names the task on the current attempt span. */
    static void describe(Task task) {
        Span.current().setAttribute(JOB_ID, task.jobId().toString())
                .setAttribute(TASK_ID, task.taskId().toString())
                .setAttribute(ATTEMPT, (long) task.attempt());
    }

    /** Marks the current attempt failed: {@code error.type} the error's class, outcome retry or dead letter. */
    static void failed(Throwable error, String outcome) {
        Span.current().setAttribute(SpanScope.ERROR_TYPE, error.getClass().getName())
                .setAttribute(OUTCOME, outcome)
                .setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
    }
}
