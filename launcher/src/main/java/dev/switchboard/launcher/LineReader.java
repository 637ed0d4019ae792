package dev.switchboard.launcher;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Lines of an event stream (ended by LF, CR or CR LF, as Server-Sent Events allow), each at most {@link #MAX_CHARS}: a
 * longer one is an {@link IOException}, so a server that never ends a line cannot fill the CLI's memory.
 */
final class LineReader implements Closeable {
    /** 1 Mi characters: far above any event the orchestrator writes. */
    static final int MAX_CHARS = 1 << 20;

    private final BufferedReader in;
    private final int maxChars;
    private boolean afterCr;

    LineReader(Reader in) {
        this(in, MAX_CHARS);
    }

    LineReader(Reader in, int maxChars) {
        this.in = new BufferedReader(in);
        this.maxChars = maxChars;
    }

    /** The next line without its end, or {@code null} at the end of the stream (a last line without an end included). */
    String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0; c = in.read()) {
            boolean lfOfCrLf = afterCr && c == '\n';
            afterCr = c == '\r';
            if (lfOfCrLf) {
                continue;
            }
            if (c == '\n' || c == '\r') {
                return line.toString();
            }
            if (line.length() >= maxChars) {
                throw new IOException("a line of the event stream is over " + maxChars + " characters");
            }
            line.append((char) c);
        }
        return line.length() > 0 ? line.toString() : null;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
