package dev.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.ErrorInfo;
import dev.switchboard.contracts.message.ErrorType;
import dev.switchboard.contracts.message.Ids;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.core.runtime.AgentInvocation;
import dev.switchboard.core.runtime.LlmGateway;
import dev.switchboard.core.testagents.Echo;
import dev.switchboard.core.testagents.ScriptedAgent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** An agent's inputs (decision 0030) as its context gives them, on a task as the worker reads it off its topic. */
class AgentInputsTest {
    private static final LlmGateway OFFLINE = LlmGateway.create(LlmConfig.ofDefaults(), new SimpleMeterRegistry());

    private final Task task = Task.create(Ids.newId(), "joiner", Document.ofText("the document"), null, Instant.now(),
            Instant.now().plusSeconds(300));

    private AgentResult ok(String agent, Object output, String headline) {
        return AgentResult.ok(Task.create(task.jobId(), agent, task.document(), null, task.submittedAt(), task.deadline()),
                Json.toTree(output), headline, "offline", null, Instant.now(), Instant.now());
    }

    private AgentResult failed(String agent, ErrorType type, String message) {
        return AgentResult.failed(Task.create(task.jobId(), agent, task.document(), null, task.submittedAt(), task.deadline()),
                ErrorInfo.of(type, message), "offline", null, Instant.now(), Instant.now());
    }

    /** Runs an agent doing {@code behaviour} on the task with {@code inputs}, read back from the wire as a worker does. */
    private static Echo run(Task task, Map<String, AgentResult> inputs, ScriptedAgent.Behaviour behaviour) throws Exception {
        Task onTheWire = Json.fromBytes(Json.toBytes(task.withInputs(inputs)), Task.class);
        return AgentInvocation.of(new ScriptedAgent("joiner", behaviour), onTheWire, OFFLINE, Clock.systemUTC(),
                LoggerFactory.getLogger(AgentInputsTest.class)).call();
    }

    @Test
    void shouldReadAnInputAsTheTypeItsAgentWrote() throws Exception {
        // Given a task whose needed agent answered OK with an Echo and a headline
        Map<String, AgentResult> inputs = Map.of("upstream", ok("upstream", new Echo("from upstream", 2), "Upstream said hi."));

        // When the agent asks for it
        Echo output = run(task, inputs, (t, context) -> {
            Echo upstream = context.input("upstream", Echo.class);
            return new Echo(upstream.text() + " | " + context.inputs().get("upstream").findHeadline().orElseThrow(),
                    upstream.attempt());
        });

        // Then it gets the typed output and the headline
        assertThat(output).isEqualTo(new Echo("from upstream | Upstream said hi.", 2));
    }

    @Test
    void shouldGiveTheInputsInTheOrderTheTaskCarriesThem() throws Exception {
        // Given a task with two inputs, one failed
        Map<String, AgentResult> inputs = new LinkedHashMap<>();
        inputs.put("first", ok("first", new Echo("one", 1), null));
        inputs.put("second", failed("second", ErrorType.AGENT_ERROR, "boom"));

        // When the agent lists them
        Echo output = run(task, inputs, (t, context) -> new Echo(context.inputs().values().stream()
                .map(i -> i.agent() + "=" + (i.ok() ? "OK" : i.errorType())).toList().toString(), 1));

        // Then both are there, each with its status
        assertThat(output.text()).isEqualTo("[first=OK, second=AGENT_ERROR]");
    }

    @Test
    void shouldFailTheTaskNonRetriablyWithTheUpstreamErrorWhenItNeedsAFailedInput() {
        // Given a task whose needed agent failed
        Map<String, AgentResult> inputs = Map.of("upstream",
                failed("upstream", ErrorType.OUTPUT_SCHEMA_VIOLATION, "the model's answer had no label"));

        // When the agent asks for its output
        // Then the task fails for good, saying which input failed and why
        assertThatThrownBy(() -> run(task, inputs, (t, context) -> context.input("upstream", Echo.class)))
                .isInstanceOfSatisfying(NonRetriableTaskException.class,
                        e -> assertThat(e.errorType()).isEqualTo(ErrorType.INPUT_FAILED.name()))
                .hasMessageContaining("'upstream'")
                .hasMessageContaining("OUTPUT_SCHEMA_VIOLATION")
                .hasMessageContaining("the model's answer had no label");
    }

    @Test
    void shouldFailTheTaskNonRetriablyWhenAnInputDoesNotReadAsTheType() {
        // Given a task whose needed agent answered OK with something that is no Echo
        Map<String, AgentResult> inputs = Map.of("upstream", ok("upstream", java.util.List.of("not", "an", "echo"), null));

        // When the agent asks for it as an Echo
        // Then the task fails for good, naming the input and the type
        assertThatThrownBy(() -> run(task, inputs, (t, context) -> context.input("upstream", Echo.class)))
                .isInstanceOfSatisfying(NonRetriableTaskException.class,
                        e -> assertThat(e.errorType()).isEqualTo(ErrorType.INPUT_FAILED.name()))
                .hasMessageContaining("'upstream'")
                .hasMessageContaining("Echo");
    }

    @Test
    void shouldFailTheTaskNonRetriablyWhenAnOkInputHasANullOutput() throws Exception {
        // Given a needed agent that answered OK with JSON null as its output
        Map<String, AgentResult> inputs = Map.of("upstream", ok("upstream", NullNode.getInstance(), null));

        // When the agent asks for its output
        // Then the task fails for good (no NullPointerException to retry), saying the input had no output
        assertThatThrownBy(() -> run(task, inputs, (t, context) -> new Echo(context.input("upstream", Echo.class).text(), 1)))
                .isInstanceOfSatisfying(NonRetriableTaskException.class,
                        e -> assertThat(e.errorType()).isEqualTo(ErrorType.INPUT_FAILED.name()))
                .hasMessageContaining("'upstream'")
                .hasMessageContaining("without an output");
        // And an agent that only looks for it finds none
        assertThat(run(task, inputs, (t, context) -> new Echo(describe(context.findInput("upstream", Echo.class)), 1)).text())
                .isEqualTo("empty");
        // And so does an input without any output node at all
        for (JsonNode none : java.util.Arrays.asList(MissingNode.getInstance(), null)) {
            assertThatThrownBy(() -> new Input("upstream", true, none, null, null, null).as(Echo.class))
                    .as("output %s", none).isInstanceOf(NonRetriableTaskException.class).hasMessageContaining("without an output");
        }
    }

    @Test
    void shouldNameTheAvailableInputsWhenAnAgentAsksForOneItDoesNotHave() {
        // Given a task with the inputs 'first' and 'second'
        Map<String, AgentResult> inputs = new LinkedHashMap<>();
        inputs.put("first", ok("first", new Echo("one", 1), null));
        inputs.put("second", ok("second", new Echo("two", 1), null));

        // When the agent asks for one it does not need
        // Then that is a bug in the agent (or topics.yaml), and the message lists what there is
        assertThatThrownBy(() -> run(task, inputs, (t, context) -> context.input("third", Echo.class)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'third'")
                .hasMessageContaining("[first, second]")
                .hasMessageContaining("needs:");
    }

    @Test
    void shouldFindNoInputWhenItFailedIsUnreadableOrUnknownAndOtherwiseTheOutput() throws Exception {
        // Given one OK, one failed and one unreadable input
        Map<String, AgentResult> inputs = new LinkedHashMap<>();
        inputs.put("good", ok("good", new Echo("fine", 1), null));
        inputs.put("bad", failed("bad", ErrorType.AGENT_ERROR, "boom"));
        inputs.put("odd", ok("odd", JsonNodeFactory.instance.arrayNode().add(1), null));

        // When the agent looks each one up, and one that is not there
        Echo output = run(task, inputs, (t, context) -> new Echo(String.join(",",
                describe(context.findInput("good", Echo.class)), describe(context.findInput("bad", Echo.class)),
                describe(context.findInput("odd", Echo.class)), describe(context.findInput("missing", Echo.class))), 1));

        // Then only the OK, readable one is found; nothing throws
        assertThat(output.text()).isEqualTo("fine,empty,empty,empty");
    }

    @Test
    void shouldHaveNoInputsOnATaskOfTheFirstStage() throws Exception {
        // Given a task without inputs, as every first-stage task is
        // When the agent looks at its inputs
        Echo output = run(task, Map.of(), (t, context) -> new Echo(context.inputs().toString()
                + describe(context.findInput("anything", Echo.class)), 1));

        // Then there are none
        assertThat(output.text()).isEqualTo("{}empty");
    }

    private static String describe(Optional<Echo> found) {
        return found.map(Echo::text).orElse("empty");
    }
}
