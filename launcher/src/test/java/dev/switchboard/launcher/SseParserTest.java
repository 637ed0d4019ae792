package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CLI's reading of Server-Sent Events: ids, types, multi-line data, comments and retry hints. */
class SseParserTest {

    private static List<SseParser.Event> parse(SseParser parser, String stream) {
        List<SseParser.Event> events = new ArrayList<>();
        stream.lines().forEach(l -> parser.line(l).ifPresent(events::add));
        parser.line("").ifPresent(events::add);
        return events;
    }

    @Test
    void shouldDispatchOneEventPerBlankLineWithItsIdTypeAndData() {
        // Given two frames as the orchestrator writes them, with a keep-alive between
        String stream = "id: 7\nevent: SUBMITTED\ndata: {\"type\":\"SUBMITTED\"}\n\n: keep-alive\n\nid: 9\nevent: REPORT_READY\ndata: {}\n\n";

        // When it is parsed line by line
        List<SseParser.Event> events = parse(new SseParser(), stream);

        // Then there are two events and the comment is none
        assertThat(events).containsExactly(new SseParser.Event("7", "SUBMITTED", "{\"type\":\"SUBMITTED\"}"),
                new SseParser.Event("9", "REPORT_READY", "{}"));
    }

    @Test
    void shouldJoinDataLinesKeepTheLastIdAndReadTheRetryHint() {
        SseParser parser = new SseParser();

        List<SseParser.Event> events = parse(parser, "id:3\ndata:a\ndata: b\n\nretry: 2000\ndata: c\n");

        assertThat(events).containsExactly(new SseParser.Event("3", "message", "a\nb"), new SseParser.Event("3", "message", "c"));
        assertThat(parser.lastId()).isEqualTo("3");
        assertThat(parser.retryMillis()).contains(2000L);
    }

    @Test
    void shouldFormatAnEventAsTimeTypeAgentAndMessage() {
        SseParser.Event task = new SseParser.Event("4", "TASK_DEAD_LETTERED",
                "{\"type\":\"TASK_DEAD_LETTERED\",\"agent\":\"sentiment\",\"message\":\"INVALID_OUTPUT\",\"at\":\"2026-11-29T09:00:00Z\"}");
        SseParser.Event job = new SseParser.Event("5", "REPORT_READY", "{\"type\":\"REPORT_READY\",\"agent\":null,\"at\":\"2026-11-29T09:00:01Z\"}");

        assertThat(EventLine.format(task)).isEqualTo("2026-11-29T09:00:00Z      TASK_DEAD_LETTERED    sentiment   INVALID_OUTPUT");
        assertThat(EventLine.format(job)).isEqualTo("2026-11-29T09:00:01Z      REPORT_READY          -");
    }

    @Test
    void shouldHoldARetryHintOfAnyLengthToADay() {
        SseParser parser = new SseParser();

        parse(parser, "retry: 99999999999999999999\n");

        assertThat(parser.retryMillis()).contains(SseParser.MAX_RETRY_MILLIS);
        parse(parser, "retry: 0000000000000000000000042\n");
        assertThat(parser.retryMillis()).contains(42L);
    }

    @Test
    void shouldRefuseAnEventWhoseDataIsOverTheLimitAndGoOnAfterIt() {
        // Given a parser whose events may hold 10 characters of data
        SseParser parser = new SseParser(10);

        // When an event's data lines add up to more, Then it is refused; the next event is read as usual
        parser.line("data: 12345");
        assertThatThrownBy(() -> parser.line("data: 67890")).isInstanceOf(SseParser.FrameTooLarge.class);
        assertThat(parse(parser, "data: ok\n")).containsExactly(new SseParser.Event(null, "message", "ok"));
        assertThat(new SseParser().line("data: " + "x".repeat(SseParser.MAX_DATA_CHARS))).isEmpty();
    }
}
