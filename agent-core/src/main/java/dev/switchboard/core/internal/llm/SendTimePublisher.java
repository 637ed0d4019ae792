package dev.switchboard.core.internal.llm;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/** A request body that tells its {@link Admission.Ticket} when the client starts writing it: the real send time. */
final class SendTimePublisher implements HttpRequest.BodyPublisher {
    private final HttpRequest.BodyPublisher delegate;
    private final Admission.Ticket ticket;

    SendTimePublisher(HttpRequest.BodyPublisher delegate, Admission.Ticket ticket) {
        this.delegate = delegate;
        this.ticket = ticket;
    }

    @Override
    public long contentLength() {
        return delegate.contentLength();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        ticket.sent();
        delegate.subscribe(subscriber);
    }
}
