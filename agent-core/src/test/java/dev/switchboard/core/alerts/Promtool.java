package dev.switchboard.core.alerts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Prometheus's {@code promtool}; its absence fails the test, it never skips it (.ci/run installs it). */
final class Promtool {
    /** What promtool printed, and how it exited. */
    record Outcome(int exitCode, String output) {
    }

    private Promtool() {
    }

    static Outcome run(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is not installed: the alert rules cannot be checked. Install Prometheus's "
                    + "promtool (Debian/Ubuntu: apt-get install prometheus), as .ci/run does.", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("promtool " + args[0] + " did not finish within 60 s:\n" + output);
        }
        return new Outcome(process.exitValue(), output);
    }
}
