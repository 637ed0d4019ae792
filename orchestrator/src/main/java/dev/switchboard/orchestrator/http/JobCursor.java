package dev.switchboard.orchestrator.http;

import dev.switchboard.orchestrator.port.JobOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * The opaque {@code next} / {@code before} cursor of {@code GET /v1/jobs}: the last listed job's place
 * ({@link JobOrder}), so the next page starts right after it, without gaps or repeats however many jobs arrive
 * meanwhile (they are newer: the first page shows them).
 */
final class JobCursor {
    private static final String VERSION = "1";

    private JobCursor() {
    }

    static String encode(JobOrder order) {
        String plain = VERSION + ":" + order.submittedAt().getEpochSecond() + ":" + order.submittedAt().getNano() + ":"
                + order.jobId();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The place a cursor names; a 400 {@code invalid-cursor} problem when it is not one this API gave. */
    static JobOrder decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8).split(":", -1);
            if (parts.length != 4 || !VERSION.equals(parts[0]) || parts[3].length() != 36) {
                throw new IllegalArgumentException("not a cursor");
            }
            int nanos = Integer.parseInt(parts[2]);
            if (nanos < 0 || nanos > 999_999_999) {
                throw new IllegalArgumentException("not a cursor's nanoseconds");
            }
            return new JobOrder(Instant.ofEpochSecond(Long.parseLong(parts[1]), nanos), UUID.fromString(parts[3]));
        } catch (RuntimeException e) {
            throw ProblemException.badRequest("invalid-cursor", "before must be a cursor from a previous page's 'next'");
        }
    }
}
