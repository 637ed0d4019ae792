package dev.switchboard.orchestrator.http;

import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.orchestrator.port.StoredEvent;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open event stream, written without a thread of its own: frames go out through the servlet's non-blocking
 * output ({@link WriteListener}) from whichever thread has one to send (the view's listener, the keep-alive
 * scheduler, Jetty when the socket drains). Nothing here ever blocks: the view's listener only appends to a bounded
 * queue; a client that lets {@link #MAX_QUEUED} events pile up, or takes nothing for two keep-alive intervals, is cut
 * off and resumes with {@code Last-Event-ID}. {@link #done()} completes (on {@code completer}, never under this
 * stream's lock) once the stream is over; then the request is completed and its slot given back.
 */
final class EventStream implements WriteListener {
    private static final Logger log = LoggerFactory.getLogger(EventStream.class);
    /** Live events a stream may have waiting for its client before the client counts as too slow. */
    static final int MAX_QUEUED = 256;
    /** Sent before a stream ends for its lifetime: reconnect after this many milliseconds (with Last-Event-ID). */
    static final long RETRY_MILLIS = 1_000;

    private final ServletOutputStream out;
    private final Executor completer;
    private final EventFrames eventFrames;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
    private Iterator<StoredEvent> backlog = List.<StoredEvent>of().iterator();
    private final ArrayDeque<StoredEvent> live = new ArrayDeque<>();
    private long cursor;
    private boolean replaying = true;
    private boolean ending;
    private boolean flushNeeded = true; // commits the headers at once
    private boolean closed;
    private int stalledKeepAlives;

    EventStream(ServletOutputStream out, long cursor, Executor completer, EventFrames eventFrames) {
        this.out = out;
        this.completer = completer;
        this.eventFrames = eventFrames;
        this.cursor = cursor;
    }

    CompletableFuture<Void> done() {
        return done;
    }

    /** The view's listener: appends and returns; never waits for the client. */
    synchronized void onLive(StoredEvent e) {
        if (closed || ending) {
            return;
        }
        if (live.size() >= MAX_QUEUED) {
            log.info("Closing an event stream: its client is {} events behind", MAX_QUEUED);
            finish();
            return;
        }
        live.add(e);
        if (!replaying) {
            pump();
        }
    }

    /** The events the view already had when the stream opened; live ones queue behind them. */
    synchronized void replay(List<StoredEvent> events) {
        backlog = events.iterator();
        replaying = false;
        pump();
    }

    /** Every keep-alive interval: a comment line, or the end of a client that took nothing for two intervals. */
    synchronized void keepAlive() {
        if (closed) {
            return;
        }
        boolean stalled = !frames.isEmpty() || !live.isEmpty() || !out.isReady();
        stalledKeepAlives = stalled ? stalledKeepAlives + 1 : 0;
        if (stalledKeepAlives >= 2) {
            log.info("Closing an event stream: its client took nothing for two keep-alive intervals");
            finish();
        } else if (!stalled && !ending) {
            frames.add(bytes(": keep-alive\n\n"));
            pump();
        }
    }

    /** The stream's lifetime is over: tell the client when to come back, then end once that is written. */
    synchronized void endOfLifetime() {
        if (!closed && !ending) {
            frames.add(bytes("retry: " + RETRY_MILLIS + "\n\n"));
            ending = true;
            pump();
        }
    }

    /** The job is over: send the backlog (and what is queued), then end without a retry hint. */
    synchronized void endAfterBacklog() {
        if (!closed) {
            ending = true;
            pump();
        }
    }

    @Override
    public synchronized void onWritePossible() {
        pump();
    }

    @Override
    public void onError(Throwable t) {
        finish(); // the client went away: nothing more to send
    }

    /** Writes while the output is ready; an unready output calls {@link #onWritePossible()} once it drains. */
    private void pump() {
        try {
            while (!closed && out.isReady()) {
                if (flushNeeded) {
                    flushNeeded = false;
                    out.flush();
                    continue;
                }
                byte[] frame = frames.poll();
                if (frame == null) {
                    frame = nextEvent();
                }
                if (frame == null) {
                    if (ending && !replaying) { // never before the backlog is in
                        finish();
                    }
                    return;
                }
                out.write(frame);
                flushNeeded = true;
            }
        } catch (IOException | RuntimeException e) {
            finish();
        }
    }

    private byte[] nextEvent() {
        while (backlog.hasNext() || (!replaying && !live.isEmpty())) {
            StoredEvent e = backlog.hasNext() ? backlog.next() : live.poll();
            if (e.offset() <= cursor) {
                continue; // seen in the backlog, or before Last-Event-ID
            }
            cursor = e.offset();
            if (e.event().type() == JobEvent.Type.REPORT_READY) {
                ending = true;
            }
            return eventFrames.frame(e);
        }
        return null;
    }

    /** Ends the stream now (written or not); idempotent. */
    synchronized void finish() {
        if (!closed) {
            closed = true;
            frames.clear();
            live.clear();
            try {
                completer.execute(() -> done.complete(null));
            } catch (RejectedExecutionException e) {
                done.complete(null); // the server is stopping
            }
        }
    }

    private static byte[] bytes(String frame) {
        return frame.getBytes(StandardCharsets.UTF_8);
    }
}
