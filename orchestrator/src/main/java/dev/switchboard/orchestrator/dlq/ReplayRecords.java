package dev.switchboard.orchestrator.dlq;

import dev.switchboard.contracts.message.DeadLetterHeaders;
import dev.switchboard.contracts.message.DeadLetterRef;
import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.message.Versioned;
import dev.switchboard.contracts.topic.Topic;
import dev.switchboard.contracts.topic.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * What a replay writes for one dead letter besides its ledger record (decision 0026): the task again on the agent's
 * task topic and a {@code TASK_REPLAYED} event.
 *
 * <p>The replayed task keeps its {@code jobId} and {@code taskId} and starts again at attempt 1 with a fresh budget of
 * attempts: the runtime dead-letters a task whose attempt reached {@code maxAttempts} at its first transient failure,
 * and an attempt above 1 replays the model calls the call journal kept, which would repeat the answers that failed it.
 * A later stage's task keeps its {@code inputs}, the upstream results it was released with (decision 0030). The
 * attempts the dead letter had used travel in {@link DeadLetterHeaders#REPLAY_ATTEMPTS}. A deadline that has passed
 * (the usual case days later) moves to the replay time plus the job's original time allowance, else the agent would fail
 * the task with {@code DEADLINE_EXCEEDED} unrun.
 */
final class ReplayRecords {
    static final String TRACEPARENT = "traceparent";
    private static final int MAX_TRACEPARENT_BYTES = 128;

    private ReplayRecords() {
    }

    /** The task to send again for {@code dead}, replayed at {@code now}. */
    static Task replayed(Task dead, Instant now) {
        Instant deadline = dead.deadline();
        if (!deadline.isAfter(now)) {
            Duration allowance = Duration.between(dead.submittedAt(), dead.deadline());
            deadline = now.plus(allowance.isNegative() || allowance.isZero() ? Duration.ofMinutes(5) : allowance);
        }
        return new Task(Versioned.CURRENT_VERSION, dead.jobId(), dead.taskId(), dead.agent(), 1, dead.document(),
                dead.parameters(), dead.submittedAt(), deadline, dead.budget(), dead.inputs());
    }

    /** The replayed task's record, keyed by job id as the fan-out keys tasks, naming the dead letter it came from. */
    static ProducerRecord<String, byte[]> task(TopicCatalogue topics, DeadLetterRef ref, Task task, Integer attempts,
                                               String traceparent, Instant now) {
        Topic<String, Task> tasks = topics.agent(ref.agent()).tasks();
        Headers headers = new RecordHeaders();
        if (traceparent != null && traceparent.length() <= MAX_TRACEPARENT_BYTES) {
            headers.add(TRACEPARENT, traceparent.getBytes(StandardCharsets.US_ASCII));
        }
        headers.add(DeadLetterHeaders.REPLAY_OF, ref.toString().getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.REPLAY_AT, now.toString().getBytes(StandardCharsets.UTF_8));
        if (attempts != null) {
            headers.add(DeadLetterHeaders.REPLAY_ATTEMPTS, attempts.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] value = tasks.valueSerde().serializer().serialize(tasks.name(), task);
        return new ProducerRecord<>(tasks.name(), null, task.jobId().toString(), value, headers);
    }

    /** The job's {@code TASK_REPLAYED} event; its message is the dead letter's ref. */
    static ProducerRecord<String, byte[]> event(TopicCatalogue topics, DeadLetterRef ref, Task task, Instant now) {
        Topic<String, JobEvent> events = topics.events();
        JobEvent event = JobEvent.ofTask(task, JobEvent.Type.TASK_REPLAYED, ref.toString(), now);
        Headers headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REPLAY_OF, ref.toString().getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(events.name(), null, task.jobId().toString(),
                events.valueSerde().serializer().serialize(events.name(), event), headers);
    }
}
