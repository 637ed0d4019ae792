package dev.switchboard.launcher;

import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Report;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "submit", mixinStandardHelpOptions = true, description = "Submit documents to a running Switchboard; print the job ids, or the reports with --wait.")
final class SubmitCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Text files to submit, one job each.")
    List<Path> files;

    @Option(names = "--wait", description = "Wait for each report, showing each agent's progress on stderr, and print it.")
    boolean wait;

    @Option(names = "--plain", description = "With --wait: show progress as plain lines, one per change, even on a terminal "
            + "(the block is redrawn in place only when stderr looks like a terminal: a console and TERM not dumb).")
    boolean plain;

    @Option(names = "--json", description = "With --wait: print the report as JSON.")
    boolean json;

    @Option(names = "--agents", split = ",", description = "Agents to ask (default: the orchestrator's default agents).")
    List<String> agents;

    @Option(names = "--budget-tokens", paramLabel = "N",
            description = "The job's token budget, shared evenly among its agents (default: the orchestrator's, if any).")
    Long budgetTokens;

    @Option(names = "--deadline", paramLabel = "SECONDS", description = "The job's deadline, in seconds from now (default: the orchestrator's).")
    Integer deadlineSeconds;

    @Option(names = "--callback", paramLabel = "URL", description = "Have the orchestrator POST the report to this URL (needs its SWITCHBOARD_CALLBACK_SECRET).")
    String callbackUrl;

    @Mixin
    ApiOptions api;

    @Spec
    CommandSpec spec;

    @Option(names = "--timeout", description = "How long --wait waits per report, in seconds (default: ${DEFAULT-VALUE}).", defaultValue = "120")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        ApiClient client = api.client();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int missing = 0;
        for (Path file : files) {
            String jobId = client.submit(Files.readString(file, StandardCharsets.UTF_8), agents, budgetTokens, deadlineSeconds, callbackUrl);
            if (!wait) {
                out.println(jobId + "  " + file);
                out.flush();
                continue;
            }
            Optional<Report> report = awaitWithProgress(client, jobId, new ProgressBlock(file.getFileName().toString(),
                    redraws(plain, System.console() != null, System.getenv("TERM"))), err);
            if (report.isEmpty()) {
                err.println("switchboard: no report for " + file + " (job " + jobId + ") within " + timeoutSeconds + " s");
                err.flush();
                missing++;
            } else {
                out.println(json ? Json.toString(report.get()) : ReportPrinter.format(file.getFileName().toString(), report.get()));
                out.flush();
            }
        }
        return missing == 0 ? 0 : 1;
    }

    /** Whether progress is redrawn in place: not asked for plain lines, a console (Java's only hint that stderr is a terminal), TERM not dumb. */
    static boolean redraws(boolean plain, boolean console, String term) {
        return !plain && console && !"dumb".equals(term);
    }

    /** How often the progress is refreshed: the report's long poll is held this long between two looks at the job. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

    /** Waits for the report as before, showing the job's per-agent progress on {@code err} (stdout stays the report's). */
    private Optional<Report> awaitWithProgress(ApiClient client, String jobId, ProgressBlock progress, PrintWriter err)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        while (true) {
            showProgress(client, jobId, progress, err);
            Optional<Report> report = client.awaitReport(jobId, PROGRESS_EVERY);
            if (report.isPresent() || System.nanoTime() >= deadline) {
                showProgress(client, jobId, progress, err);
                return report;
            }
        }
    }

    private static void showProgress(ApiClient client, String jobId, ProgressBlock progress, PrintWriter err) throws InterruptedException {
        try {
            err.print(progress.update(client.call("/v1/jobs/" + jobId, null)));
            err.flush();
        } catch (IOException e) {
            // progress only: a look that fails (the view catching up, a blip) shows nothing; the report's wait decides
        }
    }
}
