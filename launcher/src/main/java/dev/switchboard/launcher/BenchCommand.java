package dev.switchboard.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code switchboard bench} hands over to the benchmarks' own jar: the production jar carries neither the benchmarks nor
 * the test kits they use. {@code ./switchboard bench} runs that jar directly; this command is for {@code java -jar}.
 */
@Command(name = "bench", description = "Run the benchmarks, from their own jar (docs/benchmarks.md); bench --help lists their options.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--bench-jar", paramLabel = "JAR",
            description = "The benchmarks jar (default: benchmarks/target/switchboard-bench.jar beside this jar's module).")
    Path benchJar;

    @Unmatched
    List<String> benchArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Path launcherJar = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = benchJar != null ? benchJar : besideModule(launcherJar);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no benchmarks jar at " + jar + "; run ./switchboard bench, which builds it, "
                    + "or build it with mvn -pl benchmarks -am package -DskipTests");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--launcher-jar", launcherJar.toString()));
        command.addAll(benchArgs);
        Process bench = new ProcessBuilder(command).inheritIO().start();
        // Ctrl-C / SIGTERM on this process ends the benchmark too, instead of leaving it running
        Thread stop = new Thread(bench::destroy, "switchboard-bench-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        return bench.waitFor();
    }

    /** {@code <root>/launcher/target/switchboard.jar} → {@code <root>/benchmarks/target/switchboard-bench.jar}. */
    static Path besideModule(Path launcherJar) {
        Path target = launcherJar.toAbsolutePath().getParent();
        Path root = target == null || target.getParent() == null ? null : target.getParent().getParent();
        // a jar outside a build tree (/app/switchboard.jar in the image): look beside it
        return root == null ? target.resolve("switchboard-bench.jar")
                : root.resolve("benchmarks").resolve("target").resolve("switchboard-bench.jar");
    }
}
