package dev.switchboard.launcher;

import dev.switchboard.observability.tracing.Tracing;
import dev.switchboard.contracts.lifecycle.ServiceRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Run everything in one JVM: embedded Kafka (unless --bootstrap-servers), orchestrator, the default agents, the aggregator.")
final class UpCommand implements Callable<Integer> {

    @Option(names = "--data-dir", description = "Keep Kafka data and aggregator state here, so a restart keeps jobs and reports (default: a temporary directory).")
    Path dataDir;

    @Option(names = "--port", description = "HTTP port of the API (default: SWITCHBOARD_ORCHESTRATOR_PORT or 8080).")
    Integer port;

    @Option(names = "--bootstrap-servers", description = "Use this Kafka cluster instead of the embedded broker.")
    String bootstrapServers;

    @Override
    public Integer call() throws Exception {
        Tracing.init("up");
        Path dir = dataDir != null ? Files.createDirectories(dataDir) : Files.createTempDirectory("switchboard-");
        Stack stack = Stack.start(new Settings().set("SWITCHBOARD_ORCHESTRATOR_PORT", port), dir, bootstrapServers);
        // the aggregator stopping on its own ends the process with exit code 1, so a supervisor can restart Switchboard
        return ServiceRunner.of(stack).run(() -> {
            System.out.println("Switchboard is up: " + stack.readyIn());
            System.out.println("  Dashboard:  " + stack.dashboardUrl());
            System.out.println("  API:        " + stack.url() + "   (try: ./switchboard submit samples/news-article.txt --wait)");
            System.out.println("  Kafka:      " + stack.bootstrap() + (stack.embedded() ? "   (embedded; kcat -b " + stack.bootstrap() + " -L)" : ""));
            System.out.println("  API keys:   " + stack.apiKeySituation());
            System.out.println("  Data:       " + dir);
            System.out.println("Ctrl-C stops everything.");
        });
    }
}
