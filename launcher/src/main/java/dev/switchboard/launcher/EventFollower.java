package dev.switchboard.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Follows a job's event stream (decision 0034): hands each event to a sink once, in order. A dropped connection (an
 * error, or silence longer than three keep-alives) is opened again with {@code Last-Event-ID}, and an event at or before
 * the last one handed on is never handed on again. A stream that ends is opened again too (after the server's
 * {@code retry:} hint): the server answers 204 once the job is over and nothing is left, which ends the follow. After
 * a report event it reconnects at once, so the server decides whether more can come. Without {@code follow} it reads
 * what the server has (until the stream ends or is quiet for {@link #NO_FOLLOW_QUIET}) and stops.
 */
final class EventFollower {
    static final Duration NO_FOLLOW_QUIET = Duration.ofSeconds(1);
    /** The server sends a keep-alive every 15 s: three missed ones mean the connection is gone. */
    static final Duration SILENCE = Duration.ofSeconds(45);
    /** Connections in a row that fail before any event, after which the follow gives up. */
    static final int MAX_FAILURES = 8;
    static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    static final Duration MAX_PAUSE = Duration.ofSeconds(5);

    private enum Ending { ENDED, DROPPED, REPORT }

    private static final Object END = new Object();

    private final ApiClient api;
    private final String jobId;
    private final boolean follow;
    private final Consumer<SseParser.Event> sink;
    private String lastId;
    private long lastOffset = -1;
    private Optional<Long> retryHint = Optional.empty();

    EventFollower(ApiClient api, String jobId, boolean follow, Consumer<SseParser.Event> sink) {
        this.api = api;
        this.jobId = jobId;
        this.follow = follow;
        this.sink = sink;
    }

    /** Runs until the server says the job's events are over (or, without follow, until what it has is read). */
    void run() throws IOException, InterruptedException {
        Duration pause = FIRST_PAUSE;
        int failures = 0;
        while (true) {
            String before = lastId;
            Ending ending;
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
                Duration wait = retryHint.map(Duration::ofMillis).filter(h -> h.compareTo(MAX_PAUSE) < 0).orElse(pause);
                Thread.sleep(Math.max(wait.toMillis(), pause.toMillis()));
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) < 0 ? pause.multipliedBy(2) : MAX_PAUSE;
            }
        }
    }

    /** Reads one connection's events; a reader thread feeds the lines so silence can be timed. */
    private Ending read(InputStream body) throws InterruptedException {
        BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
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
                Optional<SseParser.Event> event = parser.line((String) next).filter(this::fresh);
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
