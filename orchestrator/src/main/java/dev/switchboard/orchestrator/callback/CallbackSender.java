package dev.switchboard.orchestrator.callback;

import dev.switchboard.observability.tracing.HttpTraceHeaders;
import dev.switchboard.contracts.message.Report;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * POSTs a report to a callback URL, signed per Standard Webhooks ({@link CallbackSignature}), and
 * retries transient failures (I/O, timeout, 408, 429, 5xx) with exponential backoff.
 *
 * <p>Each attempt is one whole exchange (connect, request, response headers and at most
 * {@value #MAX_RESPONSE_BODY} bytes of response body, discarded) bounded by the timeout; a whole
 * delivery therefore ends within {@code attempts x timeout + the backoffs}. The host is resolved once
 * per connection by the client's {@link org.eclipse.jetty.util.SocketAddressResolver}, off the calling
 * thread and given up (a transient failure) when it takes longer than the timeout, which checks
 * every resolved address and hands the client exactly those addresses: nothing looks the name up a
 * second time (no DNS-rebinding window); TLS still checks the certificate and sends SNI for the host
 * name. Redirects: 307 and 308 are followed (method and body kept, each hop checked again, at most
 * {@value #MAX_REDIRECTS}); 301, 302 and 303 end the delivery as a failure that is not retried.
 */
public final class CallbackSender implements AutoCloseable {
    public static final String JOB_ID_HEADER = "Switchboard-Job-Id";
    /** The report's revision: 1 for the job's first report, then one more per amendment (decision 0025). */
    public static final String REVISION_HEADER = "Switchboard-Revision";
    /** Deprecated: HMAC of the body alone, no timestamp; kept for one release. Use {@code webhook-signature}. */
    @Deprecated
    public static final String SIGNATURE_HEADER = "Switchboard-Signature";
    static final int MAX_REDIRECTS = 3;
    static final int MAX_RESPONSE_BODY = 4096;
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Set<Integer> FOLLOWED = Set.of(307, 308);
    private static final Set<Integer> NOT_FOLLOWED = Set.of(301, 302, 303);

    private final HttpClient http;
    private final byte[] key;
    private final TargetCheck targetCheck;
    private final AddressCheck addressCheck;
    private final HostLookup lookup;
    private final int maxAttempts;
    private final Duration timeout;
    private final Duration backoff;
    private final Clock clock;
    /** Name lookups running at once; a lookup that hangs keeps its thread after its deadline, so they are bounded. */
    static final int MAX_LOOKUPS = 16;
    private final ExecutorService lookups = new ThreadPoolExecutor(0, MAX_LOOKUPS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
        Thread t = new Thread(r, "switchboard-callback-dns");
        t.setDaemon(true);
        return t;
    });

    /** Decides whether one hop's URL (form, port) may be called; throws to refuse it. */
    @FunctionalInterface
    interface TargetCheck {
        void check(URI uri) throws CallbackRefusedException;
    }

    /** Decides whether a host's resolved addresses may be connected to; throws to refuse them all. */
    @FunctionalInterface
    interface AddressCheck {
        void check(String host, InetAddress[] addresses) throws CallbackRefusedException;
    }

    /** The one name lookup per connection. */
    @FunctionalInterface
    interface HostLookup {
        InetAddress[] lookup(String host) throws UnknownHostException;
    }

    public CallbackSender(byte[] key, boolean allowPrivate, int maxAttempts, Duration timeout, Duration backoff) {
        this(key, uri -> CallbackUrls.checkForm(uri, allowPrivate),
                allowPrivate ? (host, addresses) -> { } : CallbackUrls::checkAddresses,
                InetAddress::getAllByName, maxAttempts, timeout, backoff, Clock.systemUTC());
    }

    CallbackSender(byte[] key, TargetCheck targetCheck, int maxAttempts, Duration timeout, Duration backoff) {
        this(key, targetCheck, (host, addresses) -> { }, InetAddress::getAllByName, maxAttempts, timeout, backoff, Clock.systemUTC());
    }

    CallbackSender(byte[] key, TargetCheck targetCheck, AddressCheck addressCheck, HostLookup lookup, int maxAttempts,
                   Duration timeout, Duration backoff, Clock clock) {
        this.key = key.clone();
        this.targetCheck = targetCheck;
        this.addressCheck = addressCheck;
        this.lookup = lookup;
        this.maxAttempts = maxAttempts;
        this.timeout = timeout;
        this.backoff = backoff;
        this.clock = clock;
        QueuedThreadPool threads = new QueuedThreadPool(64, 2);
        threads.setName("switchboard-callback-http");
        threads.setDaemon(true);
        this.http = new HttpClient();
        http.setExecutor(threads);
        http.setFollowRedirects(false);
        http.setConnectTimeout(timeout.toMillis());
        http.setIdleTimeout(timeout.toMillis());
        http.setSocketAddressResolver(this::resolve);
        http.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "Switchboard-Callbacks"));
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("callback HTTP client did not start", e);
        }
    }

    /** How a delivery ended. */
    public record Outcome(boolean delivered, int attempts, int lastStatus, String detail) {
    }

    /** The {@code webhook-id} of a job's first report: the same on every attempt and every redelivery. */
    public static String webhookId(String jobId) {
        return webhookId(jobId, Report.FIRST_REVISION);
    }

    /**
     * The {@code webhook-id} of one revision of a job's report: {@code msg_<jobId>} for the first (as before revisions),
     * {@code msg_<jobId>_r<revision>} for an amendment, so a receiver that dedupes by id still takes each revision once.
     */
    public static String webhookId(String jobId, int revision) {
        return revision <= Report.FIRST_REVISION ? "msg_" + jobId : "msg_" + jobId + "_r" + revision;
    }

    /** The deprecated {@value #SIGNATURE_HEADER} value: {@code sha256=} hex HMAC of the body alone. */
    @Deprecated
    public static String signature(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    /** Delivers a job's first report. */
    public Outcome deliver(String url, String jobId, byte[] body) throws InterruptedException {
        return deliver(url, jobId, Report.FIRST_REVISION, body);
    }

    /** Delivers revision {@code revision} of a job's report. */
    public Outcome deliver(String url, String jobId, int revision, byte[] body) throws InterruptedException {
        if (key.length == 0) {
            return new Outcome(false, 0, 0, "refused: no callback signing secret is configured");
        }
        int status = 0;
        String detail = "";
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                status = post(URI.create(url), jobId, revision, body);
                if (status >= 200 && status < 300) {
                    return new Outcome(true, attempt, status, "HTTP " + status);
                }
                detail = "HTTP " + status;
                if (NOT_FOLLOWED.contains(status)) {
                    return new Outcome(false, attempt, status, detail + " (redirect not followed: only 307/308 are)");
                }
                if (!(status == 408 || status == 429 || status >= 500)) {
                    return new Outcome(false, attempt, status, detail + " (not retried)");
                }
            } catch (CallbackRefusedException e) {
                return new Outcome(false, attempt, 0, "refused: " + e.getMessage());
            } catch (IOException | IllegalArgumentException e) {
                detail = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            if (attempt < maxAttempts) {
                Thread.sleep(Math.min(MAX_BACKOFF.toMillis(), backoff.toMillis() * (1L << Math.min(10, attempt - 1))));
            }
        }
        return new Outcome(false, maxAttempts, status, detail);
    }

    private int post(URI target, String jobId, int revision, byte[] body)
            throws IOException, InterruptedException, CallbackRefusedException {
        URI uri = target;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            targetCheck.check(uri);
            Exchange exchange = exchange(uri, jobId, revision, body);
            if (!FOLLOWED.contains(exchange.status())) {
                return exchange.status();
            }
            if (exchange.location() == null) {
                return exchange.status();
            }
            uri = uri.resolve(exchange.location());
        }
        throw new IOException("more than " + MAX_REDIRECTS + " redirects");
    }

    private record Exchange(int status, String location) {
    }

    /** One request and its response, all within the timeout; the response body is read (bounded) and dropped. */
    private Exchange exchange(URI uri, String jobId, int revision, byte[] body)
            throws IOException, InterruptedException, CallbackRefusedException {
        String id = webhookId(jobId, revision);
        long timestamp = clock.instant().getEpochSecond();
        CompletableFuture<Result> done = new CompletableFuture<>();
        AtomicLong read = new AtomicLong();
        Request request = http.newRequest(uri)
                .method(HttpMethod.POST)
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .headers(h -> h
                        .put(CallbackSignature.ID_HEADER, id)
                        .put(CallbackSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                        .put(CallbackSignature.SIGNATURE_HEADER, CallbackSignature.sign(key, id, timestamp, body))
                        .put(JOB_ID_HEADER, jobId)
                        .put(REVISION_HEADER, Integer.toString(revision))
                        .put(SIGNATURE_HEADER, signature(key, body)))
                .headers(h -> HttpTraceHeaders.injectCurrent(h::put)) // the callback span's traceparent
                .body(new BytesRequestContent("application/json", body));
        request.send(new Response.Listener() {
            @Override
            public void onContent(Response response, ByteBuffer content) {
                if (read.addAndGet(content.remaining()) > MAX_RESPONSE_BODY) {
                    response.abort(new BodyTooLarge());
                }
            }

            @Override
            public void onComplete(Result result) {
                done.complete(result);
            }
        });
        Result result;
        try {
            result = done.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            request.abort(e);
            throw new IOException("no complete answer within " + timeout);
        } catch (InterruptedException e) {
            request.abort(e);
            throw e;
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
        Response response = result.getResponse();
        Throwable failure = result.getFailure();
        if (failure == null || cause(failure, BodyTooLarge.class) != null) {
            return new Exchange(response.getStatus(), response.getHeaders().get(HttpHeader.LOCATION));
        }
        CallbackRefusedException refused = cause(failure, CallbackRefusedException.class);
        if (refused != null) {
            throw refused;
        }
        if (cause(failure, TimeoutException.class) != null) {
            throw new IOException("no complete answer within " + timeout);
        }
        throw new IOException(failure.toString(), failure);
    }

    /** Looks the name up on a lookup thread, waiting at most the timeout, and checks every address. */
    private void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        CompletableFuture<InetAddress[]> answer;
        try {
            answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return lookup.lookup(name);
                } catch (UnknownHostException e) {
                    throw new CompletionException(e);
                }
            }, lookups);
        } catch (RejectedExecutionException e) {
            // closed, or MAX_LOOKUPS lookups still hanging (slow DNS): a retryable failure, never an unbounded thread count
            promise.failed(new IOException(lookups.isShutdown() ? "callback sender is closed"
                    : "callback host " + name + " not looked up: " + MAX_LOOKUPS + " name lookups in progress"));
            return;
        }
        answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((addresses, failure) -> {
            if (failure != null) {
                Throwable f = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                if (f instanceof UnknownHostException) {
                    promise.failed(new CallbackRefusedException("callback host " + name + " does not resolve"));
                } else if (f instanceof TimeoutException) {
                    promise.failed(new IOException("callback host " + name + " did not resolve within " + timeout));
                } else {
                    promise.failed(f);
                }
                return;
            }
            try {
                addressCheck.check(name, addresses);
                promise.succeeded(Arrays.stream(addresses).map(a -> new InetSocketAddress(a, port)).toList());
            } catch (CallbackRefusedException | RuntimeException e) {
                promise.failed(e);
            }
        });
    }

    private static <T extends Throwable> T cause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    /** Marks a response body past {@value #MAX_RESPONSE_BODY} bytes: the status counts, the rest is not read. */
    private static final class BodyTooLarge extends IOException {
        BodyTooLarge() {
            super("response body longer than " + MAX_RESPONSE_BODY + " bytes", null);
        }
    }

    /** Stops the HTTP client. */
    @Override
    public void close() {
        lookups.shutdownNow();
        try {
            http.stop();
        } catch (Exception e) {
            throw new IllegalStateException("callback HTTP client did not stop", e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
