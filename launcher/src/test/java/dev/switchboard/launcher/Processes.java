package dev.switchboard.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** Runs the launcher jar as real processes, the way a user would. */
final class Processes implements AutoCloseable {
    static final Path JAR = Path.of("target", "switchboard.jar").toAbsolutePath();
    private final List<Process> started = new ArrayList<>();
    private final Map<String, Process> byName = new java.util.HashMap<>();
    private final Path logs;

    Processes(Path logs) {
        this.logs = logs;
    }

    /** A free TCP port on this machine, for a service started as a process. */
    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    Process start(String name, Map<String, String> env, String... args) throws IOException {
        return start(name, env, command(args));
    }

    /** Runs a test class's {@code main} with the launcher jar and the test classes on the class path. */
    Process startTestMain(String name, Map<String, String> env, Class<?> main) throws IOException {
        String classPath = JAR + java.io.File.pathSeparator + Path.of("target", "test-classes").toAbsolutePath();
        return start(name, env, List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classPath, main.getName()));
    }

    private Process start(String name, Map<String, String> env, List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(Path.of("..").toAbsolutePath().normalize().toFile());
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(logs.resolve(name + ".log").toFile());
        Process p = pb.start();
        started.add(p);
        byName.put(name, p);
        return p;
    }

    /** Sends a POSIX signal (STOP, CONT...) to a process by name. */
    void signal(String name, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(byName.get(name).pid())).start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " failed");
        }
    }

    /** SIGKILL one process by name: no shutdown hook, no clean close. */
    void kill(String name) throws InterruptedException {
        Process p = byName.get(name);
        p.destroyForcibly();
        p.waitFor();
    }

    /** SIGTERM one process by name and wait for it to finish. */
    void stopAndWait(String name) throws InterruptedException {
        stop(byName.get(name));
    }

    String log(String name) throws IOException {
        return Files.readString(logs.resolve(name + ".log"));
    }

    /** Whether the named process has ended. */
    boolean exited(String name) {
        return !byName.get(name).isAlive();
    }

    /** Waits until a process's output has a line containing {@code marker}; returns that line. */
    String awaitLine(String name, String marker, Duration timeout) throws Exception {
        try {
            return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100)).ignoreException(NoSuchFileException.class)
                    .until(() -> lineWith(name, marker), Optional::isPresent).orElseThrow();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + " did not print '" + marker + "' within " + timeout + ":\n" + log(name), e);
        }
    }

    private Optional<String> lineWith(String name, String marker) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(logs.resolve(name + ".log")), StandardCharsets.UTF_8))) {
            return r.lines().filter(line -> line.contains(marker)).findFirst();
        }
    }

    /** SIGTERM, then wait: the services shut down cleanly. */
    static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            stop(started.get(i));
        }
    }
}
