package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code switchboard events}' follow against a small real HTTP server that plays the orchestrator's event stream: a connection
 * dropped mid-stream is resumed with {@code Last-Event-ID}, no event is handed on twice, and a 204 ends the follow.
 */
class EventFollowerTest {
    private static final String JOB = "3f2b8a1c-0d4e-4f5a-9b6c-7d8e9f0a1b2c";

    private final List<String> lastEventIds = Collections.synchronizedList(new ArrayList<>());
    private final Queue<String> answers = new ConcurrentLinkedQueue<>();
    /** The waits between connections, recorded instead of slept. */
    private final List<Duration> pauses = Collections.synchronizedList(new ArrayList<>());
    private ServerSocket server;

    /**
     * A bare HTTP/1.1 server (a socket, so a connection can be cut mid-body): each request gets the next scripted answer,
     * written as it is, and then the connection is closed. Records each request's {@code Last-Event-ID}.
     */
    private ApiClient serve(String... script) throws IOException {
        answers.addAll(List.of(script));
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                    String id = null;
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        if (line.toLowerCase(Locale.ROOT).startsWith("last-event-id:")) {
                            id = line.substring(line.indexOf(':') + 1).strip();
                        }
                    }
                    lastEventIds.add(id);
                    String answer = answers.poll();
                    s.getOutputStream().write((answer != null ? answer : "HTTP/1.1 500 Nothing scripted\r\nContent-Length: 0\r\n\r\n")
                            .getBytes(StandardCharsets.UTF_8));
                    s.getOutputStream().flush();
                } catch (IOException e) {
                    // the server socket was closed after the test
                }
            }
        }, "sse-test-server");
        acceptor.setDaemon(true);
        acceptor.start();
        return new ApiClient("http://127.0.0.1:" + server.getLocalPort(), null);
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private static String frame(long id, String type) {
        return "id: " + id + "\nevent: " + type + "\ndata: {\"type\":\"" + type + "\",\"at\":\"2026-11-29T09:00:0" + id + "Z\"}\n\n";
    }

    /** These frames, then the connection is cut: the response promised more bytes than it sends. */
    private static String dropAfter(String frames) {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: "
                + (frames.getBytes(StandardCharsets.UTF_8).length + 1000) + "\r\n\r\n" + frames;
    }

    /** These frames, then the stream ends as a server ends it: the body ends with the closed connection. */
    private static String streamThenEnd(String frames) {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n" + frames;
    }

    private static String status(int code, String body) {
        return "HTTP/1.1 " + code + " X\r\nConnection: close\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                + "\r\n\r\n" + body;
    }

    @Test
    void shouldResumeADroppedStreamWithLastEventIdAndHandOnNoEventTwice() throws Exception {
        // Given a stream that drops after two events, then resends the second with two more and ends, then has nothing more
        ApiClient api = serve(dropAfter(frame(1, "SUBMITTED") + frame(2, "TASK_COMPLETED")),
                streamThenEnd(frame(2, "TASK_COMPLETED") + ": keep-alive\n\n" + frame(3, "TASK_DEAD_LETTERED") + frame(4, "REPORT_READY")),
                status(204, ""));
        List<String> seen = new ArrayList<>();

        // When the job's events are followed
        new EventFollower(api, JOB, true, e -> seen.add(e.id() + " " + e.type()), pauses::add).run();

        // Then the reconnect said where it was, each event came once, and the 204 ended the follow
        assertThat(lastEventIds).containsExactly(null, "2", "4");
        assertThat(seen).containsExactly("1 SUBMITTED", "2 TASK_COMPLETED", "3 TASK_DEAD_LETTERED", "4 REPORT_READY");
    }

    @Test
    void shouldReadWhatThereIsOnceWithoutFollowing() throws Exception {
        // Given a stream whose connection ends after one event
        ApiClient api = serve(dropAfter(frame(1, "SUBMITTED")), status(204, ""));
        List<String> seen = new ArrayList<>();

        // When it is read without following
        new EventFollower(api, JOB, false, e -> seen.add(e.type())).run();

        // Then it was asked once and nothing is retried
        assertThat(seen).containsExactly("SUBMITTED");
        assertThat(lastEventIds).hasSize(1);
    }

    @Test
    void shouldFailWithTheProblemsDetailForAnUnknownJob() throws Exception {
        ApiClient api = serve(status(404, "{\"type\":\"job-not-found\",\"detail\":\"No job " + JOB + "\"}"));

        assertThatThrownBy(() -> new EventFollower(api, JOB, true, e -> { }).run())
                .hasMessage("HTTP 404: No job " + JOB);
    }

    @Test
    void shouldWaitAsA503sRetryAfterSaysAndResumeWithoutRepeatingAnEvent() throws Exception {
        // Given a stream that drops after two events, then an orchestrator that is restarting (503, Retry-After: 7), then the rest
        ApiClient api = serve(dropAfter(frame(1, "SUBMITTED") + frame(2, "TASK_COMPLETED")),
                status(503, "").replace("Connection: close", "Retry-After: 7\r\nConnection: close"),
                streamThenEnd(frame(2, "TASK_COMPLETED") + frame(3, "REPORT_READY")), status(204, ""));
        List<String> seen = new ArrayList<>();

        // When the job's events are followed
        new EventFollower(api, JOB, true, e -> seen.add(e.id() + " " + e.type()), pauses::add).run();

        // Then the 503 was a dropped connection: a jittered first back-off, the server's 7 s, then the resume from event 2
        assertThat(lastEventIds).containsExactly(null, "2", "2", "3");
        assertThat(seen).containsExactly("1 SUBMITTED", "2 TASK_COMPLETED", "3 REPORT_READY");
        assertThat(pauses).hasSize(2);
        assertThat(pauses.get(0)).isBetween(EventFollower.FIRST_PAUSE.dividedBy(2), EventFollower.FIRST_PAUSE);
        assertThat(pauses.get(1)).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void shouldTreatALineOverOneMebibyteAsADroppedConnection() throws Exception {
        // Given a stream with a line that never seems to end (2 MiB) after its first event
        String endless = ":" + "x".repeat(2 * LineReader.MAX_CHARS) + "\n\n";
        ApiClient api = serve(streamThenEnd(frame(1, "SUBMITTED") + endless + frame(2, "TASK_COMPLETED")),
                streamThenEnd(frame(2, "TASK_COMPLETED") + frame(3, "REPORT_READY")), status(204, ""));
        List<String> seen = new ArrayList<>();

        // When the job's events are followed
        new EventFollower(api, JOB, true, e -> seen.add(e.id() + " " + e.type()), pauses::add).run();

        // Then the follow let go of that connection at the long line and resumed after event 1
        assertThat(lastEventIds).containsExactly(null, "1", "3");
        assertThat(seen).containsExactly("1 SUBMITTED", "2 TASK_COMPLETED", "3 REPORT_READY");
    }

    @Test
    void shouldHoldAHugeRetryHintToTheLongestPause() throws Exception {
        // Given a stream whose retry hint has 20 digits, which then ends
        ApiClient api = serve(streamThenEnd("retry: 99999999999999999999\n\n" + frame(1, "SUBMITTED")), status(204, ""));
        List<String> seen = new ArrayList<>();

        // When the job's events are followed
        new EventFollower(api, JOB, true, e -> seen.add(e.type()), pauses::add).run();

        // Then the hint did not break the follow: it waited the longest pause before asking again
        assertThat(seen).containsExactly("SUBMITTED");
        assertThat(pauses).containsExactly(EventFollower.MAX_PAUSE);
    }
}
