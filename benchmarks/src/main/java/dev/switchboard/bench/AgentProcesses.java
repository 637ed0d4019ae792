package dev.switchboard.bench;

import dev.switchboard.contracts.topic.TopicCatalogue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark agents as separate JVMs ({@link BenchAgentMain} from the bench jar), each logging to its own file; closing
 * stops them all (SIGTERM, then SIGKILL after 30 s).
 */
final class AgentProcesses implements AutoCloseable {
    private final Path jar;
    private final String heap;
    private final Path logDir;
    private final Map<String, String> env;
    private final List<Process> processes = new ArrayList<>();

    /** @param env the settings every process gets ({@code SWITCHBOARD_*}) */
    AgentProcesses(Path jar, String heap, Path logDir, Map<String, String> env) {
        this.jar = jar;
        this.heap = heap;
        this.logDir = logDir;
        this.env = Map.copyOf(env);
    }

    /** Writes the bundled topics.yaml plus {@code agents} (off by default) with {@code partitions} each; returns its path. */
    static Path writeTopicsFile(Path dir, int partitions, String... agents) throws IOException {
        StringBuilder yaml = new StringBuilder(new String(TopicCatalogue.class.getResourceAsStream("topics.yaml").readAllBytes(),
                StandardCharsets.UTF_8));
        for (String agent : agents) {
            yaml.append("  ").append(agent).append(":\n    partitions: ").append(partitions).append("\n    includeByDefault: false\n");
        }
        return Files.writeString(dir.resolve("topics.yaml"), yaml);
    }

    /** Starts one agent process with {@link BenchAgentMain}'s arguments, logging to {@code <logName>.log}. */
    Process start(String logName, String... agentArgs) throws Exception {
        return start(logName, List.of(heap), agentArgs);
    }

    /** The same with these JVM options in place of the heap given at construction. */
    Process start(String logName, List<String> jvmOptions, String... agentArgs) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", jar.toString(), BenchAgentMain.class.getName()));
        command.addAll(List.of(agentArgs));
        return launch(logName, command);
    }

    /** Starts {@code java <jvmOptions> -jar <serviceJar> <args>} (a service of the launcher jar), logging to {@code <logName>.log}. */
    Process startJar(String logName, List<String> jvmOptions, Path serviceJar, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", serviceJar.toString()));
        command.addAll(List.of(args));
        return launch(logName, command);
    }

    private Process launch(String logName, List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(logDir.resolve(logName + ".log").toFile());
        Process process = pb.start();
        processes.add(process);
        return process;
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
