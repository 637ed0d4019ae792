package dev.switchboard.launcher;

import java.util.UUID;

/** Job ids from the command line, checked before they go into a URL. */
final class JobIds {
    private JobIds() {
    }

    static String check(String text) {
        try {
            return UUID.fromString(text.strip()).toString();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a job id (a UUID, as submit prints it)");
        }
    }
}
