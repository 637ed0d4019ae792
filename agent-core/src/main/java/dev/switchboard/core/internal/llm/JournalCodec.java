package dev.switchboard.core.internal.llm;

import dev.switchboard.contracts.message.Json;
import java.util.Optional;

/** The call journal's record values: a {@link JournalEntry} as JSON. */
public final class JournalCodec {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(JournalCodec.class);

    private JournalCodec() {
    }

    public static byte[] encode(JournalEntry entry) {
        return Json.toBytes(entry);
    }

    /** The entry, or empty for a value that is not one (a tombstone, a foreign or torn record). */
    public static Optional<JournalEntry> decode(byte[] value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.fromBytes(value, JournalEntry.class));
        } catch (RuntimeException e) {
            log.debug("Skipping an unreadable call-journal record: {}", e.toString());
            return Optional.empty();
        }
    }
}
