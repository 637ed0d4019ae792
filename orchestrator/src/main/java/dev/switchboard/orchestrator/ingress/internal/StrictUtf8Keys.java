package dev.switchboard.orchestrator.ingress.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a submission's key as strict UTF-8 (decision 0036). Kafka's {@code StringDeserializer} turns malformed bytes
 * into U+FFFD, so two different byte keys could name one job; here a key that is not UTF-8 becomes
 * {@link #MARK} followed by the Base64 of its bytes, which {@link #valid} refuses (400 to the DLQ, the bytes
 * recoverable from the dead letter's key). A UTF-8 key containing U+FFFF (a noncharacter) is refused alike.
 */
public final class StrictUtf8Keys implements Deserializer<String> {
    /** Starts the key of a record whose key is not UTF-8; never part of an accepted key. */
    public static final char MARK = '\uFFFF';

    @Override
    public String deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            return MARK + Base64.getEncoder().encodeToString(data);
        }
    }

    /** False for a key that was not UTF-8 (or holds U+FFFF). */
    public static boolean valid(String key) {
        return key == null || key.indexOf(MARK) < 0;
    }
}
