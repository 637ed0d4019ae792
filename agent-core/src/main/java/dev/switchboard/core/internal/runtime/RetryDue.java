package dev.switchboard.core.internal.runtime;

import dev.switchboard.contracts.topic.RetryTier;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * When a record on a retry-tier topic may run: its {@code switchboard.retry.due} header, else its
 * timestamp plus the tier delay; never later than the tier delay from now or from the record's
 * timestamp, so a hostile header or timestamp cannot hold a partition paused.
 */
final class RetryDue {
    static final String HEADER = "switchboard.retry.due";

    private RetryDue() {
    }

    static byte[] encode(Instant due) {
        return EpochMillisHeader.encode(due);
    }

    static long dueMillis(ConsumerRecord<?, ?> record, RetryTier tier, long nowMillis) {
        long latest = Math.min(Math.max(record.timestamp(), 0), nowMillis) + tier.delay().toMillis();
        // a foreign writer's header that is no number: fall back to the timestamp
        return Math.min(EpochMillisHeader.decode(record.headers().lastHeader(HEADER)).orElse(latest), latest);
    }
}
