package dev.switchboard.launcher;

import dev.switchboard.bench.Benchmarks;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure Switchboard against bare Kafka clients, an LLM-bound run, 1/2/4 agent processes and the footprint; "
                + "print a table and a summary line, write bench-results/<timestamp>.json.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "Smaller runs (under 3 minutes).")
    boolean quick;

    @Option(names = "--only", split = ",", paramLabel = "SCENARIO",
            description = "Run only these scenarios, comma-separated: ${COMPLETION-CANDIDATES} (default: all but corpus).")
    Set<Benchmarks.Scenario> only = EnumSet.noneOf(Benchmarks.Scenario.class);

    @Option(names = "--results-dir", description = "Where to write the JSON (default: ${DEFAULT-VALUE}).", defaultValue = "bench-results")
    Path resultsDir;

    @Override
    public Integer call() throws Exception {
        Path jar = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!jar.toString().endsWith(".jar")) {
            throw new IllegalStateException("bench runs agent processes from the launcher jar; run it as ./switchboard bench");
        }
        Benchmarks.run(quick, only, jar, resultsDir, System.out);
        return 0;
    }
}
