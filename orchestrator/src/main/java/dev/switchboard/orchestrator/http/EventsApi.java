package dev.switchboard.orchestrator.http;

import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.orchestrator.port.JobQueries;
import dev.switchboard.orchestrator.port.JobSnapshot;
import dev.switchboard.orchestrator.port.StoredEvent;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /v1/jobs/{id}/events}: the job's events from {@code switchboard.events} as
 * Server-Sent Events. Each carries {@code id: <offset>}; a client that reconnects with
 * {@code Last-Event-ID} gets exactly the events after it. The stream ends after
 * {@code REPORT_READY}, or when the job's deadline is long past.
 */
final class EventsApi {
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    static final Duration GRACE_AFTER_DEADLINE = Duration.ofMinutes(5);

    private final JobQueries view;
    private final Clock clock;

    EventsApi(JobQueries view, Clock clock) {
        this.view = view;
        this.clock = clock;
    }

    void events(Context ctx) throws Exception {
        UUID jobId = JobsApi.jobId(ctx);
        JobSnapshot job = view.job(jobId).orElseThrow(() -> JobsApi.notFound(jobId));
        long cursor = cursor(ctx);
        Instant until = streamEnd(job.manifest().deadline());
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setCharacterEncoding("UTF-8");
        res.setContentType("text/event-stream");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        OutputStream out = res.getOutputStream();
        out.flush();
        stream(out, jobId, cursor, until);
    }

    /** The deadline plus {@link #GRACE_AFTER_DEADLINE}; saturates instead of overflowing on a hostile deadline. */
    static Instant streamEnd(Instant deadline) {
        return deadline.isAfter(Instant.MAX.minus(GRACE_AFTER_DEADLINE)) ? Instant.MAX : deadline.plus(GRACE_AFTER_DEADLINE);
    }

    private static long cursor(Context ctx) {
        String id = ctx.header("Last-Event-ID");
        if (id == null) {
            id = ctx.queryParam("lastEventId");
        }
        if (id == null || id.isBlank()) {
            return -1;
        }
        try {
            return Long.parseLong(id.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("invalid-last-event-id", "Last-Event-ID must be an event id from this stream");
        }
    }

    private void stream(OutputStream out, UUID jobId, long from, Instant until) {
        BlockingQueue<StoredEvent> live = new LinkedBlockingQueue<>();
        long cursor = from;
        try (AutoCloseable subscription = view.subscribe(jobId, live::offer)) {
            for (StoredEvent e : view.eventsAfter(jobId, cursor)) {
                send(out, e);
                cursor = e.offset();
                if (isLast(e)) {
                    return;
                }
            }
            while (clock.instant().isBefore(until)) {
                StoredEvent e = live.poll(KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
                if (e == null) {
                    write(out, ": keep-alive\n\n");
                    continue;
                }
                if (e.offset() <= cursor) {
                    continue;
                }
                send(out, e);
                cursor = e.offset();
                if (isLast(e)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the client went away: nothing more to send
        }
    }

    private static void send(OutputStream out, StoredEvent e) throws IOException {
        write(out, "id: " + e.offset() + "\nevent: " + e.event().type().name() + "\ndata: " + Json.toString(e.event()) + "\n\n");
    }

    private static void write(OutputStream out, String frame) throws IOException {
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static boolean isLast(StoredEvent e) {
        return e.event().type() == JobEvent.Type.REPORT_READY;
    }
}
