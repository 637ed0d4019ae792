package dev.switchboard.orchestrator.callback;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs a report to a callback URL, signed, with the SSRF guard applied to the URL and to every
 * redirect hop; retries transient failures (I/O, 408, 429, 5xx) with exponential backoff.
 */
public final class CallbackSender {
    public static final String JOB_ID_HEADER = "Switchboard-Job-Id";
    public static final String SIGNATURE_HEADER = "Switchboard-Signature";
    static final int MAX_REDIRECTS = 3;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final HttpClient http;
    private final byte[] secret;
    private final TargetCheck targetCheck;
    private final int maxAttempts;
    private final Duration timeout;
    private final Duration backoff;

    /** Decides whether one hop's URL may be called; throws to refuse it. */
    @FunctionalInterface
    interface TargetCheck {
        void check(URI uri) throws CallbackRefusedException;
    }

    public CallbackSender(byte[] secret, boolean allowPrivate, int maxAttempts, Duration timeout, Duration backoff) {
        this(secret, uri -> CallbackUrls.checkTarget(uri, allowPrivate), maxAttempts, timeout, backoff);
    }

    CallbackSender(byte[] secret, TargetCheck targetCheck, int maxAttempts, Duration timeout, Duration backoff) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.secret = secret.clone();
        this.targetCheck = targetCheck;
        this.maxAttempts = maxAttempts;
        this.timeout = timeout;
        this.backoff = backoff;
    }

    /** How a delivery ended. */
    public record Outcome(boolean delivered, int attempts, int lastStatus, String detail) {
    }

    public static String signature(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    public Outcome deliver(String url, String jobId, byte[] body) throws InterruptedException {
        String signature = signature(secret, body);
        int status = 0;
        String detail = "";
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                status = post(URI.create(url), jobId, body, signature);
                if (status >= 200 && status < 300) {
                    return new Outcome(true, attempt, status, "HTTP " + status);
                }
                detail = "HTTP " + status;
                if (!(status == 408 || status == 429 || status >= 500)) {
                    return new Outcome(false, attempt, status, detail + " (not retried)");
                }
            } catch (CallbackRefusedException e) {
                return new Outcome(false, attempt, 0, "refused: " + e.getMessage());
            } catch (IOException | IllegalArgumentException e) {
                detail = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            if (attempt < maxAttempts) {
                Thread.sleep(backoff.toMillis() * (1L << Math.min(10, attempt - 1)));
            }
        }
        return new Outcome(false, maxAttempts, status, detail);
    }

    private int post(URI target, String jobId, byte[] body, String signature)
            throws IOException, InterruptedException, CallbackRefusedException {
        URI uri = target;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            targetCheck.check(uri);
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header(JOB_ID_HEADER, jobId)
                    .header(SIGNATURE_HEADER, signature)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (!REDIRECTS.contains(response.statusCode())) {
                return response.statusCode();
            }
            String location = response.headers().firstValue("Location").orElse(null);
            if (location == null) {
                return response.statusCode();
            }
            uri = uri.resolve(location);
        }
        throw new IOException("more than " + MAX_REDIRECTS + " redirects");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
