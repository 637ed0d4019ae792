package dev.switchboard.core.internal.runtime;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalLong;
import org.apache.kafka.common.header.Header;

/** A record header holding an instant as decimal epoch milliseconds (the retry's due time, the journal's start). */
final class EpochMillisHeader {

    private EpochMillisHeader() {
    }

    static byte[] encode(Instant at) {
        return Long.toString(at.toEpochMilli()).getBytes(StandardCharsets.US_ASCII);
    }

    /** The header's value; empty when it is missing or not a number (a foreign writer's header). */
    static OptionalLong decode(Header header) {
        if (header == null || header.value() == null || header.value().length > 20) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(new String(header.value(), StandardCharsets.US_ASCII)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
