package dev.switchboard.core.internal.llm;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

/**
 * langchain4j's HTTP transport for one provider, with two duties the stock client lacks: every
 * request passes {@link Admission} (Retry-After gate, then rate limiter) right before it is sent,
 * and on a 429 or 503 it reads {@code Retry-After} and closes the gate for everyone before the
 * error reaches the model class: every process of the account, when it is coordinated (decision 0022).
 * A 429 without a usable {@code Retry-After} pauses for its exhausted {@code x-ratelimit} reset, and at least
 * one rate window. On any other answer only {@code x-ratelimit-remaining-requests} at 0 pauses, until its reset;
 * tokens at 0 do not (their reset is the time until the bucket is full; the token window paces us).
 * Resets count from when the request was sent.
 */
final class GatedHttpClient implements HttpClient {
    private final java.net.http.HttpClient http;
    private final Duration readTimeout;
    private final Admission admission;
    private final Clock clock;
    private final JdkHttpClient streaming;

    GatedHttpClient(Duration connectTimeout, Duration readTimeout, Admission admission, Clock clock) {
        java.net.http.HttpClient.Builder builder = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1);
        if (connectTimeout != null) {
            builder.connectTimeout(connectTimeout);
        }
        this.http = builder.build();
        this.readTimeout = readTimeout;
        this.admission = admission;
        this.clock = clock;
        this.streaming = JdkHttpClient.builder().connectTimeout(connectTimeout).readTimeout(readTimeout).build();
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) throws HttpException {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
        request.headers().forEach((name, values) -> values.forEach(v -> b.header(name, v)));
        if (readTimeout != null) {
            b.timeout(readTimeout);
        }
        String body = request.body();
        Admission.Ticket ticket = admit();
        java.net.http.HttpRequest.BodyPublisher publisher = body == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(body);
        java.util.concurrent.atomic.AtomicBoolean left = new java.util.concurrent.atomic.AtomicBoolean();
        b.method(request.method().name(), new SendTimePublisher(publisher, () -> {
            left.set(true);
            ticket.sent();
        }));
        java.net.http.HttpRequest built = b.build();
        long sentAt = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling the model", e);
        } finally {
            if (left.get()) {
                CallAttempt.markLeft();
            }
        }
        pauseFor(response, sentAt);
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            throw new HttpException(status, response.body());
        }
        return SuccessfulHttpResponse.builder()
                .statusCode(status)
                .headers(response.headers().map())
                .body(response.body())
                .build();
    }

    private void pauseFor(HttpResponse<String> response, long sentAt) {
        int status = response.statusCode();
        java.util.Map<String, java.util.List<String>> headers = response.headers().map();
        java.util.Optional<Duration> retryAfter = status == 429 || status == 503 ? RetryAfter.from(headers, clock)
                : java.util.Optional.empty();
        if (retryAfter.isPresent()) {
            admission.pause(retryAfter.get());
        } else if (status == 429) {
            Duration reset = sinceSent(RateLimitHeaders.exhausted(headers), sentAt).orElse(Duration.ZERO);
            admission.pause(reset.compareTo(admission.defaultPause()) > 0 ? reset : admission.defaultPause());
        } else if (status != 503) {
            sinceSent(RateLimitHeaders.requestsExhausted(headers), sentAt).ifPresent(admission::pause);
        }
    }

    /**
     * What is left of a reset once the answer is here: the provider counted it from when it handled the request, not
     * from when its answer reached us (pausing from receipt left the account idle for a whole answer's latency).
     */
    private static java.util.Optional<Duration> sinceSent(java.util.Optional<Duration> reset, long sentAt) {
        return reset.map(r -> r.minusNanos(System.nanoTime() - sentAt)).filter(left -> left.toMillis() > 0);
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        admit().sent();
        CallAttempt.markLeft();
        streaming.execute(request, parser, listener);
    }

    private Admission.Ticket admit() {
        try {
            return admission.admit();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to send to the model", e);
        }
    }
}
