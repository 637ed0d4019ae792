package dev.switchboard.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Follows a job's event stream (decision 0034): hands each event to a sink once, in order. A dropped connection (an
 * error, or silence longer than three keep-alives) is opened again with {@code Last-Event-ID}, and an event at or before
 * the last one handed on is never handed on again. A stream that ends is opened again too (after the server's
 * {@code retry:} hint): the server answers 204 once the job is over and nothing is left, which ends the follow. After
 * a report event it reconnects at once, so the server decides whether more can come. Without {@code follow} it reads
 * what the server has (until the stream ends or is quiet for {@link #NO_FOLLOW_QUIET}) and stops. A 429, 502, 503 or
 * 504 answer, a refused connection, and a line or event over {@link LineReader#MAX_CHARS} count as a dropped connection:
 * the follow waits (the answer's {@code Retry-After}, else a back-off from {@link #FIRST_PAUSE} to {@link #MAX_PAUSE}
 * with jitter, reset after an event) and tries again, at most {@link #MAX_FAILURES} times in a row.
 */
final class EventFollower {
    static final Duration NO_FOLLOW_QUIET = Duration.ofSeconds(1);
    /** The server sends a keep-alive every 15 s: three missed ones mean the connection is gone. */
    static final Duration SILENCE = Duration.ofSeconds(45);
    /** Connections in a row that fail before any event, after which the follow gives up. */
    static final int MAX_FAILURES = 8;
    static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    static final Duration MAX_PAUSE = Duration.ofSeconds(30);
    /** Answers that say "not now" (overloaded, restarting, behind a proxy that lost it): tried again like a dropped connection. */
    static final Set<Integer> TRY_AGAIN = Set.of(429, 502, 503, 504);

    /** How the follow waits between two connections (tests record the waits instead). */
    interface Pauses {
        void pause(Duration wait) throws InterruptedException;
    }

    private enum Ending { ENDED, DROPPED, REPORT }

    private static final Object END = new Object();

    private final ApiClient api;
    private final String jobId;
    private final boolean follow;
    private final Consumer<SseParser.Event> sink;
    private String lastId;
    private long lastOffset = -1;
    private Optional<Long> retryHint = Optional.empty();
    private final Pauses pauses;

    EventFollower(ApiClient api, String jobId, boolean follow, Consumer<SseParser.Event> sink) {
        this(api, jobId, follow, sink, wait -> Thread.sleep(wait.toMillis()));
    }

    EventFollower(ApiClient api, String jobId, boolean follow, Consumer<SseParser.Event> sink, Pauses pauses) {
        this.api = api;
        this.jobId = jobId;
        this.follow = follow;
        this.sink = sink;
        this.pauses = pauses;
    }

    /** Runs until the server says the job's events are over (or, without follow, until what it has is read). */
    void run() throws IOException, InterruptedException {
        Duration pause = FIRST_PAUSE;
        int failures = 0;
        while (true) {
            String before = lastId;
            Ending ending;
            Duration serverWait = Duration.ZERO;
            HttpResponse<InputStream> r = null;
            try {
                r = api.events(jobId, lastId);
            } catch (IOException e) {
                if (!follow || failures >= MAX_FAILURES) {
                    throw e;
                }
            }
            if (r == null) {
                ending = Ending.DROPPED; // could not connect: the orchestrator may be restarting
            } else if (r.statusCode() == 204) {
                r.body().close();
                return;
            } else if (follow && TRY_AGAIN.contains(r.statusCode())) {
                r.body().close();
                serverWait = ApiClient.retryAfter(r);
                ending = Ending.DROPPED;
            } else if (r.statusCode() != 200) {
                try (InputStream body = r.body()) {
                    throw new IOException(ApiClient.failure(r.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8)));
                }
            } else {
                ending = read(r.body());
            }
            if (!follow) {
                return;
            }
            boolean progressed = !java.util.Objects.equals(before, lastId);
            failures = progressed || ending != Ending.DROPPED ? 0 : failures + 1;
            if (failures > MAX_FAILURES) {
                throw new IOException("the event stream of " + jobId + " keeps failing; gave up after " + MAX_FAILURES + " tries");
            }
            pause = progressed ? FIRST_PAUSE : pause;
            if (ending != Ending.REPORT) {
                pauses.pause(serverWait.isZero() ? backoff(pause) : serverWait);
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) < 0 ? pause.multipliedBy(2) : MAX_PAUSE;
            }
        }
    }

    /** Between half of {@code pause} and all of it (so many followers do not come back at once), or the server's retry hint if longer (at most {@link #MAX_PAUSE}). */
    private Duration backoff(Duration pause) {
        long half = pause.toMillis() / 2;
        long jittered = half + ThreadLocalRandom.current().nextLong(half + 1);
        long hint = Math.min(retryHint.orElse(0L), MAX_PAUSE.toMillis());
        return Duration.ofMillis(Math.max(jittered, hint));
    }

    /** Reads one connection's events; a reader thread feeds the lines so silence can be timed. */
    private Ending read(InputStream body) throws InterruptedException {
        BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (LineReader in = new LineReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
                lines.add(END);
            } catch (IOException e) {
                lines.add(e); // dropped mid-stream
            }
        }, "switchboard-events-reader");
        reader.setDaemon(true);
        reader.start();
        SseParser parser = new SseParser();
        Duration quiet = follow ? SILENCE : NO_FOLLOW_QUIET;
        try {
            while (true) {
                Object next = lines.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
                if (next == null) {
                    return follow ? Ending.DROPPED : Ending.ENDED;
                }
                if (next == END) {
                    return Ending.ENDED;
                }
                if (next instanceof IOException) {
                    return Ending.DROPPED;
                }
                Optional<SseParser.Event> event;
                try {
                    event = parser.line((String) next).filter(this::fresh);
                } catch (SseParser.FrameTooLarge e) {
                    return Ending.DROPPED;
                }
                if (event.isPresent()) {
                    lastId = event.get().id() != null ? event.get().id() : lastId;
                    sink.accept(event.get());
                    if (follow && isReport(event.get())) {
                        return Ending.REPORT;
                    }
                }
            }
        } finally {
            retryHint = parser.retryMillis();
            try {
                body.close();
            } catch (IOException e) {
                // closing a stream we are done with: nothing more to read from it either way
            }
            reader.interrupt();
        }
    }

    /** Not at or before the last event handed on (ids are the event's offset: they only grow). */
    private boolean fresh(SseParser.Event e) {
        if (e.id() == null) {
            return true;
        }
        try {
            long offset = Long.parseLong(e.id().trim());
            if (offset <= lastOffset) {
                return false;
            }
            lastOffset = offset;
            return true;
        } catch (NumberFormatException notAnOffset) {
            return true;
        }
    }

    private static boolean isReport(SseParser.Event e) {
        return e.type().equals("REPORT_READY") || e.type().equals("REPORT_AMENDED");
    }
}
