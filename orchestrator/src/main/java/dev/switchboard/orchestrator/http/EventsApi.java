package dev.switchboard.orchestrator.http;

import dev.switchboard.orchestrator.port.JobQueries;
import dev.switchboard.orchestrator.port.JobSnapshot;
import io.javalin.http.Context;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /v1/jobs/{id}/events}: the job's events from {@code switchboard.events} as
 * Server-Sent Events. Each carries {@code id: <offset>}; a client that reconnects with
 * {@code Last-Event-ID} gets exactly the events after it. The stream ends after
 * {@code REPORT_READY}, when the job's deadline is long past, or after its lifetime (then with a
 * {@code retry:} hint; the client resumes with {@code Last-Event-ID} and loses nothing).
 * A waiting stream holds no thread: it is an {@link EventStream} on the servlet's async, non-blocking
 * output, fed by the view's listener and a small scheduler (keep-alives, ends). Streams count against
 * {@link CallerLimits} (decision 0018).
 */
final class EventsApi {
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    static final Duration GRACE_AFTER_DEADLINE = Duration.ofMinutes(5);
    /** How long a stream past its end may take to write its last frames before it is cut off. */
    static final Duration LINGER = Duration.ofSeconds(5);

    private final JobQueries view;
    private final Clock clock;
    private final CallerLimits limits;
    private final ScheduledExecutorService scheduler;
    private final Duration maxLifetime;
    private final EventFrames frames = new EventFrames();

    EventsApi(JobQueries view, Clock clock, CallerLimits limits, ScheduledExecutorService scheduler, Duration maxLifetime) {
        this.view = view;
        this.clock = clock;
        this.limits = limits;
        this.scheduler = scheduler;
        this.maxLifetime = maxLifetime;
    }

    void events(Context ctx) throws Exception {
        UUID jobId = JobsApi.jobId(ctx);
        java.util.Optional<JobSnapshot> visible = JobAccess.visible(ctx, view.job(jobId));
        if (visible.isEmpty()) {
            JobsApi.missing(ctx, view, jobId); // as the job's status: 202 UNKNOWN, 404 job-not-submitted or job-not-found
            return;
        }
        JobSnapshot job = visible.get();
        long cursor = cursor(ctx);
        Instant until = streamEnd(job.manifest().deadline());
        // over: the job has its report, or is long past its deadline; such a stream sends what is left and ends (0018)
        boolean over = job.report() != null || !clock.instant().isBefore(until);
        if (over && view.eventsAfter(jobId, cursor).isEmpty()) {
            ctx.status(204); // nothing more will come: an EventSource stops reconnecting on 204
            return;
        }
        CallerLimits.Slot slot = limits.acquire(ctx, ApiServer.caller(ctx));
        try {
            open(ctx, jobId, cursor, over ? clock.instant() : until, over, slot);
        } catch (Exception | Error e) {
            slot.close();
            throw e;
        }
    }

    /** Starts the async response and returns: from here on only the view's listener and the scheduler drive it. */
    private void open(Context ctx, UUID jobId, long cursor, Instant until, boolean over, CallerLimits.Slot slot) throws Exception {
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setCharacterEncoding("UTF-8");
        res.setContentType("text/event-stream");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        AsyncContext async = ctx.req().startAsync();
        async.setTimeout(0); // the lifetime below ends the stream, not the container
        ServletOutputStream out = res.getOutputStream();
        EventStream stream = new EventStream(out, cursor, scheduler, frames);
        AutoCloseable subscription = view.subscribe(jobId, stream::onLive);
        Duration left = Duration.between(clock.instant(), until);
        Duration lifetime = left.compareTo(maxLifetime) < 0 ? left : maxLifetime;
        // only once the output is non-blocking (setWriteListener) may another thread write: the scheduler's tasks come after
        out.setWriteListener(stream);
        ScheduledFuture<?> keepAlive = scheduler.scheduleAtFixedRate(stream::keepAlive,
                KEEP_ALIVE.toMillis(), KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
        ScheduledFuture<?> end = scheduler.schedule(() -> {
            if (over) {
                stream.endAfterBacklog(); // no retry hint: nothing more will come
            } else {
                stream.endOfLifetime();
            }
            scheduler.schedule(stream::finish, (over ? maxLifetime.plus(LINGER) : LINGER).toMillis(), TimeUnit.MILLISECONDS);
        }, Math.max(0, lifetime.toMillis()), TimeUnit.MILLISECONDS);
        stream.done().whenComplete((ignored, error) -> {
            keepAlive.cancel(false);
            end.cancel(false);
            try {
                subscription.close();
            } catch (Exception e) {
                // an in-memory unsubscribe: nothing to recover
            }
            slot.close();
        });
        stream.replay(view.eventsAfter(jobId, cursor));
        ctx.future(stream::done);
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
}
