package dev.switchboard.agenttest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.contracts.message.ErrorType;
import dev.switchboard.core.Agent;
import dev.switchboard.core.AgentContext;
import dev.switchboard.core.AgentTask;
import dev.switchboard.core.NonRetriableTaskException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An agent with needs, run in the harness with given inputs as the worker would give them. */
class AgentHarnessTest {

    /** What the upstream agent answered. */
    record Summary(String text) {
    }

    /** What the agent under test answers. */
    record Joined(String text) {
    }

    /** Needs {@code summary}; uses {@code sentiment} when there is one. */
    static final class JoiningAgent implements Agent<Joined> {
        @Override
        public String name() {
            return "joiner";
        }

        @Override
        public Joined handle(AgentTask task, AgentContext context) {
            Summary summary = context.input("summary", Summary.class);
            String headline = context.inputs().get("summary").findHeadline().orElse("-");
            Optional<Summary> sentiment = context.findInput("sentiment", Summary.class);
            return new Joined(task.text() + " | " + summary.text() + " | " + headline + " | "
                    + sentiment.map(Summary::text).orElse("no sentiment"));
        }
    }

    private final AgentHarness<Joined> harness = AgentHarness.offline(new JoiningAgent());

    @Test
    void shouldGiveTheAgentItsInputsTypedWithTheirHeadlines() throws Exception {
        // Given a harness with an OK summary (with a headline) and an OK sentiment
        AgentHarness<Joined> withInputs = harness
                .withInput("summary", new Summary("Acme grew."), "Acme grew in Q3.")
                .withInput("sentiment", new Summary("positive"));

        // When the agent runs
        Joined output = withInputs.run("doc");

        // Then it read both, as their types
        assertThat(output.text()).isEqualTo("doc | Acme grew. | Acme grew in Q3. | positive");
    }

    @Test
    void shouldFailTheAgentWithInputFailedWhenItNeedsAFailedInput() {
        // Given a harness whose summary failed upstream
        AgentHarness<Joined> failed = harness.withFailedInput("summary", "OUTPUT_SCHEMA_VIOLATION", "no summary field");

        // When the agent runs, Then it fails as the worker would fail it: non-retriable, INPUT_FAILED, the upstream error
        assertThatThrownBy(() -> failed.run("doc"))
                .isInstanceOfSatisfying(NonRetriableTaskException.class,
                        e -> assertThat(e.errorType()).isEqualTo(ErrorType.INPUT_FAILED.name()))
                .hasMessageContaining("OUTPUT_SCHEMA_VIOLATION").hasMessageContaining("no summary field");
    }

    @Test
    void shouldLetTheAgentGoOnWithoutAFailedOptionalInput() throws Exception {
        // Given a summary and a failed sentiment, which the agent only looks for
        AgentHarness<Joined> partly = harness.withInput("summary", new Summary("Acme grew."))
                .withFailedInput("sentiment", ErrorType.AGENT_ERROR, "boom");

        // When the agent runs, Then it answers without the sentiment
        assertThat(partly.run("doc").text()).isEqualTo("doc | Acme grew. | - | no sentiment");
    }

    @Test
    void shouldBeImmutableAndLetALaterInputReplaceAnEarlierOne() throws Exception {
        // Given a base harness, one derived with a failed summary, and one that then gives the summary after all
        AgentHarness<Joined> failed = harness.withFailedInput("summary", ErrorType.AGENT_ERROR, "boom");
        AgentHarness<Joined> fixed = failed.withInput("summary", new Summary("later"));

        // Then the base has no inputs, the derived one still fails, and the last word on an input wins
        assertThatThrownBy(() -> harness.run("doc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'summary'");
        assertThatThrownBy(() -> failed.run("doc")).isInstanceOf(NonRetriableTaskException.class);
        assertThat(fixed.run("doc").text()).isEqualTo("doc | later | - | no sentiment");
    }

    @Test
    void shouldRefuseAnInputWithoutAName() {
        assertThatThrownBy(() -> harness.withInput(" ", new Summary("x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("named by the agent");
    }
}
