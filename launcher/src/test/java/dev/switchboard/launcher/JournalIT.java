package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.fakes.ScriptedOpenAiServer;
import dev.switchboard.fakes.ScriptedOpenAiServer.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The call journal across a SIGKILL: an agent process killed while its task's second model call is in flight is
 * replaced; the redelivered task replays the first answer from the journal and pays only for the second. The scripted
 * server counts the calls paid for.
 */
class JournalIT {

    @Test
    void shouldNotPayTwiceForAnAnswerWhenATaskIsRedeliveredAfterAKill(@TempDir Path dir) throws Exception {
        Settings settings = new Settings().set("SWITCHBOARD_ORCHESTRATOR_PORT", 0);
        AtomicInteger secondCalls = new AtomicInteger();
        try (ScriptedOpenAiServer llm = ScriptedOpenAiServer.start();
             Stack stack = Stack.start(settings, dir, null); Processes p = new Processes(dir)) {
            // the first answer to a second question hangs, so the process dies with that call in flight
            llm.otherwise(r -> r.lastUserMessage().startsWith("second") && secondCalls.getAndIncrement() == 0
                    ? Reply.content("late").withDelay(Duration.ofSeconds(60))
                    : Reply.content("answer to " + r.lastUserMessage()));
            Map<String, String> env = Map.of("SWITCHBOARD_BOOTSTRAP_SERVERS", stack.bootstrap(),
                    "SWITCHBOARD_LLM_PROVIDER", "openai",
                    "SWITCHBOARD_LLM_BASE_URL", llm.baseUrl(),
                    "SWITCHBOARD_LLM_RATE_LIMIT", "100",
                    "SWITCHBOARD_LLM_PRICES", "gpt-4o-mini=0.15/0.60");
            p.startTestMain("journaled-0", withAccount(env, "journal-0"), JournalAgentMain.class);
            p.awaitLine("journaled-0", "Journaled agent is up", Duration.ofSeconds(60));
            ApiClient api = new ApiClient(stack.url(), null);

            // Given a job whose task asks the model two questions, the first answered, the second in flight
            String job = Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> api.submit("A document worth two questions.", List.of(JournalAgentMain.NAME)), id -> !id.isEmpty());
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> secondCalls.get() == 1);
            int paidBeforeKill = llm.requestCount();

            // When the agent process is SIGKILLed mid-task and a new one takes over
            p.kill("journaled-0");
            p.startTestMain("journaled-1", withAccount(env, "journal-1"), JournalAgentMain.class);

            // Then the job completes; the server was paid at most once per (task, call) plus the call in flight at the kill
            Report report = api.awaitReport(job, Duration.ofSeconds(50)).orElseThrow(() -> new AssertionError(
                    "no report; results: " + resultsOf(stack.bootstrap(), job) + ", calls: " + llm.requestCount()
                            + "; the replacement's log:\n" + logOf(p, "journaled-1")));
            assertThat(report.status()).isEqualTo(Report.Status.COMPLETED);
            int distinctCalls = 2;
            int inFlightAtKill = 1;
            assertThat(paidBeforeKill).isEqualTo(2);
            assertThat(llm.requestCount()).as(() -> "calls paid " + llm.requests().stream().map(r -> r.lastUserMessage()).toList()
                    + "; the replacement's log:\n" + logOf(p, "journaled-1")
                    + "\nthe killed process's log:\n" + logOf(p, "journaled-0"))
                    .isLessThanOrEqualTo(distinctCalls + inFlightAtKill);
            // and the result says the first answer was replayed from the journal, its tokens counted once, and priced
            AgentResult result = report.results().get(JournalAgentMain.NAME);
            assertThat(result.usage().calls()).isEqualTo(2);
            assertThat(result.usage().replayedCalls()).isEqualTo(1);
            assertThat(result.usage().inputTokens()).isPositive();
            assertThat(result.usage().estimatedCost()).isPositive();
            assertThat(result.output().path("first").asText()).isEqualTo("answer to first: A document worth two questions.");
            assertThat(p.log("journaled-1")).contains("1 journaled answer(s) found");
        }
    }

    /**
     * Each process its own provider account: the cluster quota (decision 0022) is not what this test is about, and the
     * killed process's share of a shared account would hold the replacement back until it expires.
     */
    private static Map<String, String> withAccount(Map<String, String> env, String account) {
        Map<String, String> copy = new java.util.HashMap<>(env);
        copy.put("SWITCHBOARD_LLM_ACCOUNT", account);
        return copy;
    }

    private static String resultsOf(String bootstrap, String job) {
        try (dev.switchboard.testkit.TopicProbe results = new dev.switchboard.testkit.TopicProbe(
                dev.switchboard.testkit.TestKafka.of(bootstrap, "journal"), "switchboard.results")) {
            return results.settle(r -> job.equals(r.key()), Duration.ofSeconds(3)).stream()
                    .map(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)).toList().toString();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static String logOf(Processes p, String name) {
        try {
            return p.log(name);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
