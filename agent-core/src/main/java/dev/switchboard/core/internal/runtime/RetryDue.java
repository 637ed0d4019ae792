package dev.switchboard.core.internal.runtime;

import dev.switchboard.contracts.topic.RetryTier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

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
        return Long.toString(due.toEpochMilli()).getBytes(StandardCharsets.US_ASCII);
    }

    static long dueMillis(ConsumerRecord<?, ?> record, RetryTier tier, long nowMillis) {
        long latest = Math.min(Math.max(record.timestamp(), 0), nowMillis) + tier.delay().toMillis();
        Header h = record.headers().lastHeader(HEADER);
        if (h != null && h.value() != null && h.value().length <= 20) {
            try {
                return Math.min(Long.parseLong(new String(h.value(), StandardCharsets.US_ASCII)), latest);
            } catch (NumberFormatException ignored) {
                // a foreign writer's header: fall back to the timestamp
            }
        }
        return latest;
    }
}
