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

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Text files to submit, one job each; several are sent in one batch"
            + " (POST /v1/jobs:batch, up to " + BATCH + " a request), one line per file: its job id, or why it was refused.")
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
        List<ApiClient.BatchAnswer> submitted = submitAll(client, out, err);
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            String jobId = submitted.get(i).jobId();
            if (jobId == null || !wait) { // without --wait, each batch's lines were printed as it returned
                missing += jobId == null ? 1 : 0;
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

    /** The most documents one batch request carries (the API's limit). */
    static final int BATCH = 1_000;
    /** The most body bytes one batch request carries: SWITCHBOARD_MAX_BATCH_BYTES' default (32 MiB) with a margin. */
    static final long BATCH_BYTES = 24L * 1024 * 1024;

    /**
     * One answer per file: a single file as {@code POST /v1/jobs}, several in batches of at most {@link #BATCH} files and
     * {@link #BATCH_BYTES}. Each batch's lines are printed as it returns (its refusals, and without --wait its job ids),
     * so a later batch that fails hides none of them; with --wait the job ids submitted so far go to stderr then.
     */
    private List<ApiClient.BatchAnswer> submitAll(ApiClient client, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        if (files.size() == 1) {
            String text = Files.readString(files.get(0), StandardCharsets.UTF_8);
            List<ApiClient.BatchAnswer> one = List.of(new ApiClient.BatchAnswer(client.submit(text, agents, budgetTokens, deadlineSeconds,
                    callbackUrl), null));
            print(0, one, out, err);
            return one;
        }
        List<ApiClient.BatchAnswer> answers = new java.util.ArrayList<>();
        for (List<Integer> batch : batches()) {
            List<String> texts = new java.util.ArrayList<>();
            for (int i : batch) {
                texts.add(Files.readString(files.get(i), StandardCharsets.UTF_8));
            }
            List<ApiClient.BatchAnswer> got;
            try {
                got = client.submitBatch(texts, agents, budgetTokens, deadlineSeconds, callbackUrl);
            } catch (IOException e) {
                if (wait) {
                    for (int i = 0; i < answers.size(); i++) {
                        if (answers.get(i).jobId() != null) {
                            err.println("submitted  " + answers.get(i).jobId() + "  " + files.get(i));
                        }
                    }
                    err.flush();
                }
                throw e;
            }
            print(answers.size(), got, out, err);
            answers.addAll(got);
        }
        return answers;
    }

    /** The files' indexes in batches of at most {@link #BATCH} files and {@link #BATCH_BYTES} of body. */
    private List<List<Integer>> batches() throws IOException {
        List<Long> lines = new java.util.ArrayList<>();
        for (Path file : files) {
            lines.add(ApiClient.batchLineBytes(Files.readString(file, StandardCharsets.UTF_8), agents, budgetTokens, deadlineSeconds,
                    callbackUrl));
        }
        return batches(lines, BATCH, BATCH_BYTES);
    }

    /** Indexes of {@code lineBytes} in order, in batches of at most {@code maxItems} and {@code maxBytes} (one line at least). */
    static List<List<Integer>> batches(List<Long> lineBytes, int maxItems, long maxBytes) {
        List<List<Integer>> batches = new java.util.ArrayList<>();
        List<Integer> batch = new java.util.ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < lineBytes.size(); i++) {
            if (!batch.isEmpty() && (batch.size() == maxItems || bytes + lineBytes.get(i) > maxBytes)) {
                batches.add(batch);
                batch = new java.util.ArrayList<>();
                bytes = 0;
            }
            batch.add(i);
            bytes += lineBytes.get(i);
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    /** The lines of answers for the files from {@code first} on: refusals, and without --wait the job ids. */
    private void print(int first, List<ApiClient.BatchAnswer> answers, PrintWriter out, PrintWriter err) {
        for (int k = 0; k < answers.size(); k++) {
            Path file = files.get(first + k);
            if (answers.get(k).jobId() == null) {
                (wait ? err : out).println("refused  " + file + "  " + answers.get(k).problem());
            } else if (!wait) {
                out.println(answers.get(k).jobId() + "  " + file);
            }
        }
        (wait ? err : out).flush();
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
