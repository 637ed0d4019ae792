package dev.switchboard.orchestrator.callback;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature (https://www.standardwebhooks.com): {@code webhook-signature} holds
 * space-separated {@code v1,<base64>} entries, each an HMAC-SHA256 over
 * {@code <webhook-id>.<webhook-timestamp>.<raw body>}. A secret that starts with {@code whsec_} is the
 * base64 of the key; any other secret is used as its UTF-8 bytes. Receivers call {@link #verify}.
 */
public final class CallbackSignature {
    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";
    /** How far a timestamp may be from the receiver's clock, either way. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
    /** Marks a secret that is the base64 of the key (Standard Webhooks). */
    public static final String SECRET_PREFIX = "whsec_";
    private static final String PREFIX = SECRET_PREFIX;

    private CallbackSignature() {
    }

    /**
     * The HMAC key of a configured secret: base64 after {@code whsec_}, else the UTF-8 bytes.
     *
     * @throws IllegalArgumentException if a {@code whsec_} secret is not base64 (the message does not echo it)
     */
    public static byte[] key(String secret) {
        if (secret.startsWith(PREFIX)) {
            try {
                return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a " + PREFIX + " secret must be base64 after the prefix");
            }
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The header value {@code v1,<base64 HMAC-SHA256 of id.timestamp.body>}. */
    public static String sign(byte[] key, String id, long timestampSeconds, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(hmac(key, id, timestampSeconds, body));
    }

    /** {@link #verify(String, Map, byte[], Duration, Clock)} with ±5 min and the system clock. */
    public static boolean verify(String secret, Map<String, String> headers, byte[] body) {
        return verify(secret, headers, body, DEFAULT_TOLERANCE, Clock.systemUTC());
    }

    /**
     * True if the headers (names in any case) carry a {@code v1} signature of this body by this secret
     * and a timestamp within {@code tolerance} of {@code clock}; false if a header is missing or
     * malformed, the timestamp is too old or too new (a replay), or no signature matches.
     */
    public static boolean verify(String secret, Map<String, String> headers, byte[] body, Duration tolerance, Clock clock) {
        String id = header(headers, ID_HEADER);
        String timestamp = header(headers, TIMESTAMP_HEADER);
        String signatures = header(headers, SIGNATURE_HEADER);
        if (id == null || timestamp == null || signatures == null) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(clock.instant().getEpochSecond() - seconds) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = hmac(key(secret), id, seconds, body);
        for (String entry : signatures.trim().split(" +")) {
            if (!entry.startsWith("v1,")) {
                continue;
            }
            try {
                if (MessageDigest.isEqual(expected, Base64.getDecoder().decode(entry.substring(3)))) {
                    return true;
                }
            } catch (IllegalArgumentException e) {
                // not base64: not a match
            }
        }
        return false;
    }

    private static String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().toLowerCase(Locale.ROOT).equals(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static byte[] hmac(byte[] key, String id, long timestampSeconds, byte[] body) {
        if (key.length == 0) {
            throw new IllegalArgumentException("refusing to sign with an empty key: set a callback secret");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
