package dev.switchboard.core.internal.llm;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import java.time.Clock;
import java.time.Duration;

/** Hands langchain4j model builders a {@link GatedHttpClient} bound to one provider's admission. */
final class GatedHttpClientBuilder implements HttpClientBuilder {
    private final Admission admission;
    private final Clock clock;
    private Duration connectTimeout;
    private Duration readTimeout;

    GatedHttpClientBuilder(Admission admission, Clock clock) {
        this.admission = admission;
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
        return new GatedHttpClient(connectTimeout, readTimeout, admission, clock);
    }
}
