package dev.switchboard.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's per-agent progress while {@code submit --wait} waits. On a terminal it is one block drawn again in place (ANSI:
 * cursor up, clear line) at each update; otherwise only what changed is printed, one plain line per change, so a log
 * or a pipe gets no escape codes and no repeats. A redrawn line is cut to the terminal's width ({@code $COLUMNS}, else
 * {@value TerminalText#DEFAULT_COLUMNS}) so no line wraps and the cursor-up count stays right.
 */
final class ProgressBlock {
    static final String CLEAR_LINE = "\r\033[2K";

    private final String title;
    private final boolean terminal;
    private final int width;
    private final Map<Integer, String> last = new HashMap<>();
    private List<String> drawn = List.of();

    ProgressBlock(String title, boolean terminal) {
        this(title, terminal, TerminalText.columns(System.getenv("COLUMNS")));
    }

    ProgressBlock(String title, boolean terminal, int width) {
        this.title = TerminalText.oneLine(title);
        this.terminal = terminal;
        this.width = width;
    }

    /** What to print for this status of the job ({@code GET /v1/jobs/{id}}); empty when nothing changed. */
    String update(JsonNode job) {
        List<String> lines = new ArrayList<>();
        lines.add(title + "  job " + TerminalText.oneLine(job.path("jobId").asText()) + "  " + TerminalText.oneLine(job.path("status").asText()));
        lines.addAll(StatusPrinter.agentLines(job).values());
        return terminal ? redraw(lines) : changes(lines);
    }

    private String redraw(List<String> lines) {
        if (lines.equals(drawn)) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        if (!drawn.isEmpty()) {
            out.append("\033[").append(drawn.size()).append('A'); // back to the block's first line
        }
        lines.forEach(l -> out.append(CLEAR_LINE).append(TerminalText.cut(l, width)).append('\n'));
        drawn = List.copyOf(lines);
        return out.toString();
    }

    private String changes(List<String> lines) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = i == 0 ? lines.get(0) : title + " " + lines.get(i).strip().replaceAll(" {2,}", "  ");
            if (!line.equals(last.put(i, line))) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }
}
