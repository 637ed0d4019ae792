package dev.switchboard.core.internal.llm;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import java.time.Clock;
import java.time.Duration;

/** Hands langchain4j model builders a {@link GatedHttpClient} bound to one provider's gate. */
final class GatedHttpClientBuilder implements HttpClientBuilder {
    private final RetryAfterGate gate;
    private final Clock clock;
    private Duration connectTimeout;
    private Duration readTimeout;

    GatedHttpClientBuilder(RetryAfterGate gate, Clock clock) {
        this.gate = gate;
        this.clock = clock;
    }

    @Override
    public Duration connectTimeout() {
        return connectTimeout;
    }

    @Override
    public HttpClientBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return this;
    }

    @Override
    public Duration readTimeout() {
        return readTimeout;
    }

    @Override
    public HttpClientBuilder readTimeout(Duration timeout) {
        this.readTimeout = timeout;
        return this;
    }

    @Override
    public HttpClient build() {
        return new GatedHttpClient(connectTimeout, readTimeout, gate, clock);
    }
}
