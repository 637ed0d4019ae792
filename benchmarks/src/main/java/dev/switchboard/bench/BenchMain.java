package dev.switchboard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code switchboard bench}, from its own jar ({@code benchmarks/target/switchboard-bench.jar}) so that the production
 * jar carries neither the benchmarks nor the test kits they use. {@code ./switchboard bench} runs it.
 */
@Command(name = "switchboard bench", mixinStandardHelpOptions = true,
        description = "Measure Switchboard against bare Kafka clients, an LLM-bound run, 1/2/4 agent processes, the footprint and "
                + "1/2/4 processes sharing one LLM account's quota, the latency a second stage adds; "
                + "print a table and a summary line, write bench-results/<timestamp>.json.")
public final class BenchMain implements Callable<Integer> {

    @Option(names = "--quick", description = "Smaller runs (under 4 minutes).")
    boolean quick;

    @Option(names = "--only", split = ",", paramLabel = "SCENARIO",
            description = "Run only these scenarios, comma-separated: ${COMPLETION-CANDIDATES} (default: all but corpus).")
    Set<Benchmarks.Scenario> only = EnumSet.noneOf(Benchmarks.Scenario.class);

    @Option(names = "--results-dir", description = "Where to write the JSON (default: ${DEFAULT-VALUE}).", defaultValue = "bench-results")
    Path resultsDir;

    @Option(names = "--launcher-jar", description = "The production jar whose `up` the footprint scenario times (default: ${DEFAULT-VALUE}).",
            defaultValue = "launcher/target/switchboard.jar")
    Path launcherJar;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path benchJar = Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!benchJar.toString().endsWith(".jar")) {
            throw new IllegalStateException("bench starts agent processes from its own jar; run it as ./switchboard bench");
        }
        if ((only.isEmpty() || only.contains(Benchmarks.Scenario.FOOTPRINT) || only.contains(Benchmarks.Scenario.DEPLOYED))
                && !Files.isRegularFile(launcherJar)) {
            throw new IllegalStateException("the footprint and deployed scenarios start services from " + launcherJar + ", which does not exist; "
                    + "build it (mvn -pl launcher -am package -DskipTests) or pass --launcher-jar");
        }
        Benchmarks.run(quick, only, benchJar, launcherJar, resultsDir, System.out);
        return 0;
    }
}
