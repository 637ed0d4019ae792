package dev.switchboard.contracts.message;

import java.security.SecureRandom;
import java.util.UUID;

/** Time-ordered UUIDs (version 7, RFC 9562): unique, and sortable by creation time. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static UUID newId() {
        return uuidV7(System.currentTimeMillis());
    }

    /**
     * The task id of {@code agent}'s work on job {@code jobId}: derived, so a re-sent fan-out and a later stage's task
     * released twice repeat the same id, which the aggregator drops as a duplicate.
     */
    public static UUID taskId(UUID jobId, String agent) {
        return UUID.nameUUIDFromBytes(("switchboard-task|" + jobId + "|" + agent).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static UUID uuidV7(long epochMillis) {
        long randA = RANDOM.nextInt(1 << 12);
        long msb = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | randA;
        long lsb = RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }
}
