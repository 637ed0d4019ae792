package dev.switchboard.launcher;

import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Report;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "submit", mixinStandardHelpOptions = true, description = "Submit documents to a running Switchboard; print the job ids, or the reports with --wait.")
final class SubmitCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Text files to submit, one job each.")
    List<Path> files;

    @Option(names = "--wait", description = "Wait for each report and print it.")
    boolean wait;

    @Option(names = "--json", description = "With --wait: print the report as JSON.")
    boolean json;

    @Option(names = "--agents", split = ",", description = "Agents to ask (default: the orchestrator's default agents).")
    List<String> agents;

    @Option(names = "--budget-tokens", paramLabel = "N",
            description = "The job's token budget, shared evenly among its agents (default: the orchestrator's, if any).")
    Long budgetTokens;

    @Option(names = "--url", description = "Orchestrator URL (default: SWITCHBOARD_URL or http://127.0.0.1:8080).")
    String url;

    @Option(names = "--api-key", description = "API key (default: SWITCHBOARD_API_KEY).")
    String apiKey;

    @Option(names = "--timeout", description = "How long --wait waits per report, in seconds (default: ${DEFAULT-VALUE}).", defaultValue = "120")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        String base = url != null ? url : Optional.ofNullable(System.getenv("SWITCHBOARD_URL")).orElse("http://127.0.0.1:8080");
        ApiClient api = new ApiClient(base, apiKey != null ? apiKey : System.getenv("SWITCHBOARD_API_KEY"));
        int missing = 0;
        for (Path file : files) {
            String jobId = api.submit(Files.readString(file, StandardCharsets.UTF_8), agents, budgetTokens);
            if (!wait) {
                System.out.println(jobId + "  " + file);
                continue;
            }
            Optional<Report> report = api.awaitReport(jobId, Duration.ofSeconds(timeoutSeconds));
            if (report.isEmpty()) {
                System.err.println("switchboard: no report for " + file + " (job " + jobId + ") within " + timeoutSeconds + " s");
                missing++;
            } else {
                System.out.println(json ? Json.toString(report.get()) : ReportPrinter.format(file.getFileName().toString(), report.get()));
            }
        }
        return missing == 0 ? 0 : 1;
    }
}
