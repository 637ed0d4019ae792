package dev.switchboard.agents.summarizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.agenttest.AgentHarness;
import dev.switchboard.agenttest.ScriptedModels;
import dev.switchboard.core.NonRetriableTaskException;
import dev.switchboard.fakes.ScriptedOpenAiServer;
import dev.switchboard.fakes.ScriptedOpenAiServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SummaryLlmTest {
    private final ScriptedOpenAiServer server = ScriptedOpenAiServer.start();
    private final AgentHarness<Summary> agent = AgentHarness.with(new SummaryAgent(), ScriptedModels.gateway(server));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldMapEachChunkThenReduceThePartialSummaries() throws Exception {
        server.otherwise(r -> r.lastUserMessage().startsWith("Merge these partial summaries")
                ? Reply.content("{\"summary\": \"The whole story.\", \"keyPoints\": [\"one\", \"two\"]}")
                : Reply.content("{\"summary\": \"Part of it.\", \"keyPoints\": [\"p\"]}"));
        String longText = "A long report about harbours, trade and weather. ".repeat(700);

        Summary s = agent.run(longText);

        assertThat(s).isEqualTo(new Summary("The whole story.", java.util.List.of("one", "two")));
        ScriptedOpenAiServer.Request reduce = server.requests().get(server.requestCount() - 1);
        assertThat(reduce.systemMessage()).contains("partial summaries");
        assertThat(reduce.lastUserMessage()).contains("Part of it.\n\nPart of it.");
        assertThat(server.requestCount()).isGreaterThan(2);
    }

    @Test
    void shouldRefuseASummaryThatIsNotShorterThanTheText() {
        String text = "Quarterly numbers were flat. ".repeat(10);
        server.enqueue(Reply.content("{\"summary\": \"" + text + "and more\", \"keyPoints\": []}"));
        assertThatThrownBy(() -> agent.run(text)).isInstanceOf(NonRetriableTaskException.class).hasMessageContaining("not shorter");
    }
}
