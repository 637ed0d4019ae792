package dev.switchboard.launcher;

/**
 * What the CLI prints of text it did not write (model output, error messages, agent names, problem details) made safe for
 * a terminal: control characters (C0, DEL, C1, so ESC too) are shown as a backslash, u and four hex digits instead of being obeyed, so a
 * document cannot retitle the window, clear the screen or move the cursor. The escape is also valid inside a JSON string,
 * so {@code --json} output stays the same JSON. Also cuts a line to the terminal's width.
 */
final class TerminalText {
    static final int DEFAULT_COLUMNS = 100;

    private TerminalText() {
    }

    /** A value printed inside one line: CR, LF and TAB become spaces, other controls are escaped. */
    static String oneLine(String text) {
        return clean(text, true);
    }

    /** A value printed as lines of its own (a synthesis, a JSON document): LF and TAB stay, other controls are escaped. */
    static String lines(String text) {
        return clean(text, false);
    }

    /** The terminal's width: {@code $COLUMNS} when it is a positive number, else {@value #DEFAULT_COLUMNS}. */
    static int columns(String columnsVariable) {
        try {
            int columns = columnsVariable == null ? 0 : Integer.parseInt(columnsVariable.strip());
            return columns > 0 ? columns : DEFAULT_COLUMNS;
        } catch (NumberFormatException e) {
            return DEFAULT_COLUMNS;
        }
    }

    /** {@code line} cut so it fits in {@code width} columns without wrapping (one column is left for the cursor). */
    static String cut(String line, int width) {
        int max = Math.max(1, width - 1);
        return line.codePointCount(0, line.length()) <= max ? line : line.substring(0, line.offsetByCodePoints(0, max));
    }

    private static String clean(String text, boolean oneLine) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = replacement(c, oneLine);
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                out.append(replacement != null ? replacement : String.valueOf(c));
            }
        }
        return out == null ? text : out.toString();
    }

    private static String replacement(char c, boolean oneLine) {
        if (c == '\n' || c == '\t' || c == '\r') {
            return oneLine ? " " : c == '\r' ? escape(c) : null;
        }
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) ? escape(c) : null;
    }

    private static String escape(char c) {
        return String.format("\\u%04X", (int) c);
    }
}
