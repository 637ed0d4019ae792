package dev.switchboard.core.internal.runtime;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** W3C {@code traceparent}: carried from task to result, retry and dead letter; started if absent. */
final class TraceParent {
    static final String HEADER = "traceparent";
    private static final Pattern VALID = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    private TraceParent() {
    }

    /** The incoming trace, continued with a new span id; a new trace when there is none or it is malformed. */
    static String childOf(Headers headers) {
        Header h = headers.lastHeader(HEADER);
        String parent = h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.US_ASCII);
        if (parent != null && VALID.matcher(parent).matches()) {
            String[] parts = parent.split("-");
            return parts[0] + "-" + parts[1] + "-" + randomHex(8) + "-" + parts[3];
        }
        return "00-" + randomHex(16) + "-" + randomHex(8) + "-01";
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
