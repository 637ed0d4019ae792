package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.contracts.message.Report;
import dev.switchboard.fakes.ScriptedOpenAiServer;
import dev.switchboard.fakes.ScriptedOpenAiServer.Reply;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The operator's DLQ round trip (issue 16, decision 0026): a model that answers garbage for one agent dead-letters its
 * task and the job reports PARTIAL; once the model is fixed, {@code switchboard dlq replay --agent sentiment} sends the
 * task again and the report is amended to revision 2, COMPLETED; the same replay again sends nothing.
 */
class DlqReplayIT {
    private static final String ADMIN = "dlq-replay-it-admin-key-0f3a9c5e1b7d";

    @Test
    void shouldAmendAPartialReportToCompletedByReplayingTheDeadLetterOnceFromTheCommandLine(@TempDir Path dir) throws Exception {
        // Given a model that answers garbage to the sentiment agent
        AtomicBoolean broken = new AtomicBoolean(true);
        try (ScriptedOpenAiServer llm = ScriptedOpenAiServer.start()) {
            llm.otherwise(r -> r.systemMessage().contains("sentiment analyst")
                    ? Reply.content(broken.get() ? "Feelings cannot be put into JSON." : "{\"label\":\"positive\",\"score\":0.8,\"confidence\":0.9}")
                    : r.systemMessage().contains("named entities") ? Reply.content("{\"entities\":[]}")
                    : r.systemMessage().contains("Master Agent") ? Reply.content("{\"text\":\"Short.\"}")
                    : Reply.content("{\"summary\":\"Short.\",\"keyPoints\":[\"short\"]}"));
            Settings settings = new Settings().set("SWITCHBOARD_ORCHESTRATOR_PORT", 0).set("SWITCHBOARD_ADMIN_API_KEYS", ADMIN)
                    .set("SWITCHBOARD_LLM_PROVIDER", "openai").set("SWITCHBOARD_LLM_BASE_URL", llm.baseUrl());
            try (Stack stack = Stack.start(settings, dir, null)) {
                ApiClient api = new ApiClient(stack.url(), ADMIN);

                // When a document is submitted, Then sentiment is dead-lettered and the report is PARTIAL
                String job = api.submit("A lovely day at the seaside.", null);
                Report first = api.awaitReport(job, Duration.ofSeconds(30)).orElseThrow();
                assertThat(first.status()).isEqualTo(Report.Status.PARTIAL);
                assertThat(first.failedAgents()).containsExactly("sentiment");
                String listed = cli(stack, "dlq", "list", "--agent", "sentiment");
                assertThat(listed).contains(job).contains("sentiment:");

                // And the command line shows the job (decision 0034): its status, its events up to the report, the agents
                assertThat(cli(stack, "status", job)).contains("PARTIAL").containsPattern("sentiment +1 +failed")
                        .contains("summary");
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cli(stack, "events", job, "--no-follow"))
                        .containsSubsequence("SUBMITTED", "TASK_DEAD_LETTERED", "REPORT_READY"));
                assertThat(cli(stack, "agents")).containsPattern("sentiment +1 ");
                assertThat(Main.execute("status", java.util.UUID.randomUUID().toString(), "--url", stack.url(), "--api-key", ADMIN))
                        .as("an unknown job").isEqualTo(1);

                // When the model is fixed and the dead letter replayed from the command line
                broken.set(false);
                String replayed = cli(stack, "dlq", "replay", "--agent", "sentiment");

                // Then the task was sent once, and the job's report is amended: revision 2, COMPLETED
                assertThat(replayed).contains("Sent 1, skipped 0.");
                await().atMost(Duration.ofSeconds(20)).until(() -> api.awaitReport(job, Duration.ofSeconds(1))
                        .filter(r -> r.revision() == 2).isPresent());
                Report amended = api.awaitReport(job, Duration.ofSeconds(1)).orElseThrow();
                assertThat(amended.status()).isEqualTo(Report.Status.COMPLETED);
                assertThat(amended.results().get("sentiment").isOk()).isTrue();

                // And the same replay again sends nothing
                assertThat(cli(stack, "dlq", "replay", "--agent", "sentiment")).contains("Sent 0, skipped 1.")
                        .contains("already-replayed");

                // And two documents submitted with --wait --deadline --agents go in one batch, each waited for and its report printed
                Path doc = java.nio.file.Files.writeString(dir.resolve("cli-wait.txt"), "Another lovely day.");
                Path second = java.nio.file.Files.writeString(dir.resolve("cli-wait-2.txt"), "A third lovely day.");
                String waited = cli(stack, "submit", "--wait", "--plain", "--deadline", "60", "--agents", "sentiment,summary", doc.toString(),
                        second.toString());
                assertThat(waited).containsSubsequence("cli-wait.txt", "COMPLETED", "cli-wait-2.txt", "COMPLETED");

                // And several files without --wait print one line per file, in order: a job id, or why it was refused (exit 1)
                Path empty = java.nio.file.Files.writeString(dir.resolve("empty.txt"), " ");
                StringWriter lines = new StringWriter();
                int exit = new CommandLine(new Main()).setOut(new PrintWriter(lines)).execute("submit", "--agents", "summary",
                        doc.toString(), empty.toString(), "--url", stack.url(), "--api-key", ADMIN);
                assertThat(exit).isEqualTo(1);
                assertThat(lines.toString().lines().toList()).satisfiesExactly(
                        l -> assertThat(l).matches("[0-9a-f-]{36}  .*cli-wait\\.txt"),
                        l -> assertThat(l).startsWith("refused  ").contains("empty.txt").contains("The document is empty"));

                // Then the job has exactly the agents asked for, and its deadline is 60 s after it was submitted
                java.util.regex.Matcher jobLine = java.util.regex.Pattern.compile("── job ([0-9a-f-]{36}) ──").matcher(waited);
                assertThat(jobLine.find()).as("the report names its job: %s", waited).isTrue();
                com.fasterxml.jackson.databind.JsonNode status = dev.switchboard.contracts.message.Json.fromString(
                        cli(stack, "status", jobLine.group(1), "--json"), com.fasterxml.jackson.databind.JsonNode.class);
                assertThat(status.path("agents").fieldNames()).toIterable().containsExactlyInAnyOrder("sentiment", "summary");
                assertThat(Duration.between(java.time.Instant.parse(status.path("submittedAt").asText()),
                        java.time.Instant.parse(status.path("deadline").asText()))).isBetween(Duration.ofSeconds(59), Duration.ofSeconds(61));
                assertThat(cli(stack, "status", jobLine.group(1))).contains("sentiment").contains("summary")
                        .doesNotContain("entities").doesNotContain("synthesis");
            }
        }
    }

    /** Runs {@code switchboard <args>} in this JVM against the stack; returns what it printed, failing on a non-zero exit. */
    private static String cli(Stack stack, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--url", stack.url(), "--api-key", ADMIN)).toArray(String[]::new);
        int exit = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(all);
        assertThat(exit).as("switchboard %s: %s%s", String.join(" ", args), out, err).isZero();
        return out.toString();
    }
}
