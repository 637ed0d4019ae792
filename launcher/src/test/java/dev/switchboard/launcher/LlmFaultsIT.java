package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.message.Report;
import dev.switchboard.fakes.ScriptedOpenAiServer;
import dev.switchboard.fakes.ScriptedOpenAiServer.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model faults through the whole pipeline: a 429 with Retry-After holds every call of the process,
 * a burst of 5xx is retried, an answer that never fits the schema fails its agent, and the job
 * still gets its report, PARTIAL, whose synthesis the model wrote from the outputs and the failure.
 */
class LlmFaultsIT {
    private static final String SYNTHESIS = "A neutral document, summed up as fine; its entities could not be read.";

    @Test
    void shouldHonourRetryAfterRetry5xxAndReportPartialWhenOneAgentCannotAnswer(@TempDir Path dir) throws Exception {
        AtomicInteger summaryCalls = new AtomicInteger();
        try (ScriptedOpenAiServer llm = ScriptedOpenAiServer.start()) {
            llm.otherwise(r -> {
                String system = r.systemMessage();
                if (system.contains("Master Agent")) {
                    return Reply.content("{\"text\":\"" + SYNTHESIS + "\"}");
                }
                if (system.contains("named entities")) {
                    return Reply.content("I refuse to answer in JSON."); // malformed, also after the repair request
                }
                if (system.contains("concise summaries")) {
                    int n = summaryCalls.incrementAndGet();
                    if (n == 1) {
                        return Reply.rateLimited(2);
                    }
                    if (n <= 3) {
                        return Reply.status(503, "{\"error\":{\"message\":\"overloaded\"}}");
                    }
                    return Reply.content("{\"summary\":\"Fine.\",\"keyPoints\":[\"fine\"]}");
                }
                return Reply.content("{\"label\":\"neutral\",\"score\":0,\"confidence\":0.5}");
            });
            Settings settings = new Settings().set("SWITCHBOARD_ORCHESTRATOR_PORT", 0)
                    .set("SWITCHBOARD_LLM_PROVIDER", "openai").set("SWITCHBOARD_LLM_BASE_URL", llm.baseUrl())
                    .set("SWITCHBOARD_LLM_RATE_LIMIT", 50).set("SWITCHBOARD_LLM_MAX_ATTEMPTS", 5);
            try (Stack stack = Stack.start(settings, dir, null)) {
                ApiClient api = new ApiClient(stack.url(), null);
                String job = api.submit("A document the model struggles with.", null);
                Report report = api.awaitReport(job, Duration.ofSeconds(90)).orElseThrow();

                assertThat(report.status()).isEqualTo(Report.Status.PARTIAL);
                assertThat(report.failedAgents()).containsExactly("entities");
                assertThat(report.results().get("entities").error().type()).isEqualTo("OUTPUT_SCHEMA_VIOLATION");
                assertThat(report.results().get("summary").isOk()).isTrue();
                assertThat(report.results().get("sentiment").isOk()).isTrue();
                // the synthesis agent answered despite the failed input: the report's synthesis is the model's text
                assertThat(report.results().get(Report.SYNTHESIS_AGENT).isOk()).isTrue();
                assertThat(report.synthesis()).isEqualTo(SYNTHESIS);
            }
            List<ScriptedOpenAiServer.Request> requests = llm.requests();
            ScriptedOpenAiServer.Request limited = requests.stream()
                    .filter(r -> r.systemMessage().contains("concise summaries")).findFirst().orElseThrow();
            // calls already on the wire when the 429 came back (arrived within 100 ms of it) are not held;
            // every later call, from any agent, waited out Retry-After: 2
            assertThat(requests.stream().filter(r -> r.arrivalNanos() - limited.arrivalNanos() > TimeUnit.MILLISECONDS.toNanos(100)))
                    .isNotEmpty()
                    .allSatisfy(r -> assertThat(r.arrivalNanos() - limited.arrivalNanos()).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(2)));
            assertThat(summaryCalls.get()).isEqualTo(4);
            // one synthesis call, with the document and the three outputs (the failed one as its error) fenced as data
            List<ScriptedOpenAiServer.Request> synthesis = requests.stream().filter(r -> r.systemMessage().contains("Master Agent")).toList();
            assertThat(synthesis).hasSize(1);
            assertThat(synthesis.get(0).systemMessage()).contains("untrusted data").contains("<<<OUTPUT entities>>>");
            assertThat(synthesis.get(0).lastUserMessage())
                    .contains("<<<DOCUMENT>>>\nA document the model struggles with.\n<<<END DOCUMENT>>>")
                    .contains("<<<OUTPUT sentiment>>>\n{\"label\":\"neutral\"")
                    .contains("<<<OUTPUT entities>>>\n{\"failed\":\"OUTPUT_SCHEMA_VIOLATION\"}\n<<<END OUTPUT entities>>>")
                    .contains("<<<OUTPUT summary>>>\n{\"summary\":\"Fine.\",\"keyPoints\":[\"fine\"]}\n<<<END OUTPUT summary>>>");
            assertThat(requests.stream().filter(r -> r.systemMessage().contains("named entities")).count())
                    .as("one call and one repair").isEqualTo(2);
        }
    }
}
