package dev.switchboard.core.internal.runtime;

import dev.switchboard.contracts.message.DeadLetterHeaders;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The {@link DeadLetterHeaders#REPLAY_OF} header of a replayed task, carried onto everything the runtime writes for it
 * (result, event, retry copy, dead letter), so the aggregator can amend the job's report (decision 0025).
 */
final class ReplayOf {
    static final String HEADER = DeadLetterHeaders.REPLAY_OF;
    /** A dead-letter ref is {@code agent:partition:offset}; anything longer is a hostile writer's and is not carried. */
    static final int MAX_BYTES = 512;

    private ReplayOf() {
    }

    /** Adds {@code from}'s replay header (the last one, when it is of a sane size) to {@code to}, replacing any there. */
    static void carry(Headers from, Headers to) {
        Header h = from.lastHeader(HEADER);
        if (h != null && h.value() != null && h.value().length <= MAX_BYTES) {
            to.remove(HEADER);
            to.add(HEADER, h.value());
        }
    }
}
