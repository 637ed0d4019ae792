package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.ErrorInfo;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.message.Usage;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Text the CLI did not write (model output, error messages, agent names, problem details) reaches the terminal with its
 * control characters shown, not obeyed: a document cannot retitle the window, clear the screen or fake lines.
 */
class TerminalTextTest {
    /** Sets the window title, rings, clears the screen, then starts a line of its own. */
    private static final String HOSTILE = "\u001b]0;x\u0007\u001b[2J\nX";
    private static final String SHOWN_IN_A_LINE = "\\u001B]0;x\\u0007\\u001B[2J X";
    private static final String SHOWN_AS_LINES = "\\u001B]0;x\\u0007\\u001B[2J\nX";
    private static final Instant NOW = Instant.parse("2026-11-29T09:00:00Z");

    /** No control character but the line ends the printer itself writes. */
    private static void assertObeysNothing(String printed) {
        assertThat(printed.chars().filter(c -> c != '\n' && (c < 0x20 || (c >= 0x7f && c <= 0x9f)))).isEmpty();
    }

    @Test
    void shouldEscapeC0DelAndC1AndTurnLineBreaksIntoSpacesInOneLine() {
        assertThat(TerminalText.oneLine("a\tb\r\nc\u007fd\u0085e\u009bf é")).isEqualTo("a b  c\\u007Fd\\u0085e\\u009Bf é");
        assertThat(TerminalText.lines("a\tb\r\nc\u009b")).isEqualTo("a\tb\\u000D\nc\\u009B");
        assertThat(TerminalText.lines("plain text")).isEqualTo("plain text");
    }

    @Test
    void shouldShowAnEventsControlsInOneLine() {
        // Given an event whose message and agent came from a model, and a frame that is not JSON
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("type", "TASK_FAILED").put("agent", HOSTILE).put("message", HOSTILE);
        String line = EventLine.format(new SseParser.Event("1", "TASK_FAILED", Json.toString(data)));
        String raw = EventLine.format(new SseParser.Event("2", "X", HOSTILE));

        // Then each is one line whose controls are shown
        assertThat(line).contains(SHOWN_IN_A_LINE).doesNotContain("\n");
        assertThat(raw).isEqualTo("X  " + SHOWN_IN_A_LINE);
    }

    @Test
    void shouldShowControlsInAStatusAndTheProgressBlock() {
        // Given a job whose agent name, status and error message are hostile
        ObjectNode job = JsonNodeFactory.instance.objectNode().put("jobId", "j-1").put("status", HOSTILE);
        ObjectNode agent = job.putObject("agents").putObject(HOSTILE);
        agent.put("state", "failed").put("stage", 1).put("attempts", 1).putObject("error").put("type", "MODEL").put("message", HOSTILE);

        // When printed as a status, and as progress on a terminal and to a pipe (a hostile file name too)
        String status = StatusPrinter.format(job);
        String block = new ProgressBlock(HOSTILE, true, 400).update(job);
        String plain = new ProgressBlock(HOSTILE, false, 400).update(job);

        // Then the only escapes are the block's own cursor moves, and each line is still one line
        assertObeysNothing(status);
        assertThat(status.lines()).hasSize(3).filteredOn(l -> l.contains(SHOWN_IN_A_LINE)).hasSize(2);
        assertObeysNothing(block.replace(ProgressBlock.CLEAR_LINE, "").replace("\033[", ""));
        assertThat(block.replace(ProgressBlock.CLEAR_LINE, "").lines()).hasSize(2);
        assertObeysNothing(plain);
        assertThat(plain.lines()).hasSize(2).allMatch(l -> l.contains(SHOWN_IN_A_LINE));
    }

    @Test
    void shouldCutTheProgressBlocksLinesToTheTerminalWidthSoTheRedrawStaysInPlace() {
        // Given a terminal 20 columns wide and a file name longer than that
        ProgressBlock progress = new ProgressBlock("a-very-long-file-name-indeed.txt", true, 20);
        JsonNode job = Json.fromString("{\"jobId\":\"j-1\",\"status\":\"RUNNING\",\"agents\":{}}", JsonNode.class);

        // When it is drawn, Then no line wraps (one column is left for the cursor)
        assertThat(progress.update(job).replace(ProgressBlock.CLEAR_LINE, "").lines()).containsExactly("a-very-long-file-na");
        assertThat(TerminalText.columns("80")).isEqualTo(80);
        assertThat(TerminalText.columns(null)).isEqualTo(TerminalText.columns("wide")).isEqualTo(100);
    }

    @Test
    void shouldShowControlsInAReportsLinesAndKeepTheSynthesisLines() {
        // Given a report whose summary, error and synthesis a model wrote
        UUID jobId = UUID.randomUUID();
        Map<String, AgentResult> results = new LinkedHashMap<>();
        results.put("summary", AgentResult.ok(task(jobId, "summary"), JsonNodeFactory.instance.objectNode().put("summary", HOSTILE),
                "gpt-x", Usage.NONE, NOW, NOW));
        results.put(HOSTILE, AgentResult.failed(task(jobId, "ner"), new ErrorInfo("MODEL", HOSTILE), "gpt-x", Usage.NONE, NOW, NOW));
        Report report = new Report(1, jobId, Report.Status.PARTIAL, results, List.of(HOSTILE), List.of(), HOSTILE, NOW);

        // When printed (under a hostile title)
        String out = ReportPrinter.format(HOSTILE, report);

        // Then each agent's line stays one line and the synthesis keeps its line break
        assertObeysNothing(out);
        assertThat(out).contains("── " + SHOWN_IN_A_LINE + " ──").contains("  summary    " + SHOWN_IN_A_LINE + "\n")
                .contains("  " + SHOWN_IN_A_LINE + " FAILED: MODEL — " + SHOWN_IN_A_LINE + "\n")
                .contains("  " + SHOWN_IN_A_LINE + " (no answer").contains("\n  " + SHOWN_AS_LINES + "\n");
    }

    @Test
    void shouldShowControlsInTheAgentsAndDeadLetterTables() {
        // Given answers whose names and messages are hostile
        ObjectNode agents = JsonNodeFactory.instance.objectNode();
        agents.putArray("agents").addObject().put("name", HOSTILE).put("liveInstances", HOSTILE);
        agents.putArray("declared").add(HOSTILE + "2");
        ObjectNode letter = JsonNodeFactory.instance.objectNode().put("ref", HOSTILE).put("jobId", HOSTILE).put("errorType", HOSTILE)
                .put("errorMessage", HOSTILE).put("failedAt", HOSTILE).put("sourceTopic", HOSTILE).put("taskUnavailable", HOSTILE);
        letter.putObject("headers").put(HOSTILE, HOSTILE);
        ObjectNode listing = JsonNodeFactory.instance.objectNode();
        listing.putArray("deadLetters").add(letter);
        ObjectNode replay = JsonNodeFactory.instance.objectNode();
        replay.putArray("sent").addObject().put("ref", HOSTILE).put("jobId", HOSTILE).put("topic", HOSTILE).put("warning", HOSTILE);
        replay.putArray("skipped").addObject().put("ref", HOSTILE).put("reason", HOSTILE).put("detail", HOSTILE);
        ObjectNode withTask = letter.deepCopy();
        withTask.putObject("task").put("text", "\u009b2J" + HOSTILE);

        // When printed, Then nothing is obeyed and every line is still one line
        for (String out : List.of(AgentsPrinter.table(agents), DlqPrinter.list(listing), DlqPrinter.show(letter),
                DlqPrinter.show(withTask), DlqPrinter.replay(replay))) {
            assertObeysNothing(out);
            assertThat(out).contains("\\u001B]0;x").doesNotContain("\nX");
        }
        assertThat(AgentsPrinter.table(agents).lines()).hasSize(3);
    }

    @Test
    void shouldShowControlsInTheProblemAFailedCommandPrints() {
        // Given a failure whose message is a server's problem detail
        String line = Main.problemLine(new IOException("HTTP 404: " + HOSTILE));

        // Then it is printed with its controls shown
        assertThat(line).isEqualTo("switchboard: HTTP 404: " + SHOWN_AS_LINES);
    }

    private static Task task(UUID jobId, String agent) {
        return Task.create(jobId, agent, Document.ofText("x"), null, NOW, NOW.plusSeconds(60));
    }
}
