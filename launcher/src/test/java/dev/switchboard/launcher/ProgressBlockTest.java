package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.message.Json;
import org.junit.jupiter.api.Test;

/** {@code submit --wait}'s progress: a block redrawn in place on a terminal, one line per change elsewhere. */
class ProgressBlockTest {

    private static JsonNode job(String status, String sentiment, String summary) {
        return Json.fromString("{\"jobId\":\"j-1\",\"status\":\"" + status + "\",\"agents\":{"
                + "\"sentiment\":{\"state\":\"" + sentiment + "\",\"stage\":1,\"attempts\":1,\"error\":null},"
                + "\"summary\":{\"state\":\"" + summary + "\",\"stage\":1,\"attempts\":1,\"error\":null}}}", JsonNode.class);
    }

    @Test
    void shouldPrintOnlyTheLinesThatChangedWhenNotATerminal() {
        // Given a progress printed to a pipe
        ProgressBlock progress = new ProgressBlock("doc.txt", false);

        // When the job is seen three times, the middle look the same as the first
        String first = progress.update(job("RUNNING", "queued", "queued"));
        String same = progress.update(job("RUNNING", "queued", "queued"));
        String later = progress.update(job("RUNNING", "done", "queued"));

        // Then every line is printed once, then nothing, then only the agent that moved; never an escape code
        assertThat(first.lines()).containsExactly("doc.txt  job j-1  RUNNING", "doc.txt sentiment  1  queued  1",
                "doc.txt summary  1  queued  1");
        assertThat(same).isEmpty();
        assertThat(later).isEqualTo("doc.txt sentiment  1  done  1\n");
        assertThat(first + later).doesNotContain("\033");
    }

    @Test
    void shouldRedrawTheWholeBlockInPlaceOnATerminal() {
        ProgressBlock progress = new ProgressBlock("doc.txt", true);

        String first = progress.update(job("RUNNING", "queued", "queued"));
        String same = progress.update(job("RUNNING", "queued", "queued"));
        String later = progress.update(job("COMPLETED", "done", "done"));

        // Then the first draw starts where the cursor is, the next moves up over the three lines it drew and clears each
        assertThat(first).startsWith(ProgressBlock.CLEAR_LINE + "doc.txt  job j-1  RUNNING\n").doesNotContain("\033[3A");
        assertThat(same).isEmpty();
        assertThat(later).startsWith("\033[3A" + ProgressBlock.CLEAR_LINE + "doc.txt  job j-1  COMPLETED\n");
        assertThat(later.split(ProgressBlock.CLEAR_LINE.replace("[", "\\["), -1)).hasSize(4);
        assertThat(later).contains("  sentiment    1      done      1");
    }

    @Test
    void shouldRedrawOnlyOnAConsoleWhoseTermIsNotDumbAndNeverWithPlain() {
        // A console with a real terminal redraws; --plain, no console (2>log, a pipe) or TERM=dumb print plain lines
        assertThat(SubmitCommand.redraws(false, true, "xterm-256color")).isTrue();
        assertThat(SubmitCommand.redraws(false, true, null)).isTrue();
        assertThat(SubmitCommand.redraws(true, true, "xterm-256color")).isFalse();
        assertThat(SubmitCommand.redraws(false, false, "xterm-256color")).isFalse();
        assertThat(SubmitCommand.redraws(false, true, "dumb")).isFalse();
    }
}
