package dev.switchboard.core.internal.runtime;

import dev.switchboard.contracts.message.Task;
import java.time.Instant;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Where a task attempt reads its call journal from: no earlier than any earlier attempt of the task could have made a
 * call, and no earlier than needed, so a job that queued for hours does not make the read scan hours of journal. A task
 * record is enqueued before any of its calls: a first attempt (or its redelivery after a crash or handover) reads from
 * the record's timestamp. A retry record carries the {@code switchboard.journal-since} header, the point the failed
 * attempt read from (so it covers every attempt before it); an older retry record without it reads from the job's
 * submit time. The header is kept within [submit time, the record's timestamp], so a foreign value cannot widen the scan.
 */
final class JournalSince {
    static final String HEADER = "switchboard.journal-since";

    private JournalSince() {
    }

    static Instant of(ConsumerRecord<?, ?> record, Task task) {
        long submitted = task.submittedAt().toEpochMilli();
        long enqueued = record.timestamp() < 0 ? Long.MAX_VALUE : record.timestamp();
        OptionalLong header = EpochMillisHeader.decode(record.headers().lastHeader(HEADER));
        if (header.isPresent()) {
            return Instant.ofEpochMilli(Math.max(submitted, Math.min(header.getAsLong(), enqueued)));
        }
        if (task.attempt() > 1 || enqueued == Long.MAX_VALUE) {
            return task.submittedAt();
        }
        return Instant.ofEpochMilli(Math.max(submitted, enqueued));
    }

    static byte[] encode(Instant since) {
        return EpochMillisHeader.encode(since);
    }
}
