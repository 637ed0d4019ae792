package dev.switchboard.agenttest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.ErrorInfo;
import dev.switchboard.contracts.message.ErrorType;
import dev.switchboard.contracts.message.Ids;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.core.Agent;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.core.runtime.AgentInvocation;
import dev.switchboard.core.runtime.LlmGateway;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.LoggerFactory;

/**
 * Runs an agent on one document without Kafka, through a real gateway (offline by default), as the worker runs it.
 *
 * <p>An agent with needs ({@code needs:} in topics.yaml) gets the results of the agents it needs as inputs; give them
 * with {@link #withInput} and {@link #withFailedInput}. Each becomes an {@link AgentResult} on the task
 * ({@link Task#withInputs}), so the agent's {@code context.input(..)}, {@code findInput(..)} and {@code inputs()} see
 * exactly what the worker would give it:
 *
 * <pre>{@code
 * AgentHarness<Report> harness = AgentHarness.offline(new SynthesisAgent())
 *         .withInput("summary", new Summary("Acme grew."), "Acme grew.")
 *         .withFailedInput("sentiment", "OUTPUT_SCHEMA_VIOLATION", "not a label");
 * Report report = harness.run("the document");
 * }</pre>
 *
 * <p>A harness is immutable: every {@code with..} returns a new one, so a test class can keep a base harness in a field
 * and derive one per case.
 *
 * @param <O> the agent's output type
 */
public final class AgentHarness<O> {
    private final Agent<O> agent;
    private final LlmGateway gateway;
    private final Map<String, GivenInput> inputs;

    private AgentHarness(Agent<O> agent, LlmGateway gateway, Map<String, GivenInput> inputs) {
        this.agent = Objects.requireNonNull(agent, "agent");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.inputs = inputs;
    }

    /** The agent with no model configured: it runs on its offline model, as a worker without an LLM key does. */
    public static <O> AgentHarness<O> offline(Agent<O> agent) {
        return with(agent, LlmGateway.create(LlmConfig.ofDefaults(), new SimpleMeterRegistry()));
    }

    /** The agent calling its model through {@code gateway}, e.g. {@link ScriptedModels#gateway}. */
    public static <O> AgentHarness<O> with(Agent<O> agent, LlmGateway gateway) {
        return new AgentHarness<>(agent, gateway, Map.of());
    }

    /**
     * This harness giving the agent an OK result of {@code agent} with {@code output} (any object written as JSON, as
     * the worker writes an agent's output; a {@link JsonNode} as it is) and no headline. Giving the same agent again
     * replaces it.
     */
    public AgentHarness<O> withInput(String agent, Object output) {
        return withInput(agent, output, null);
    }

    /** As {@link #withInput(String, Object)}, with the upstream agent's headline ({@code null}: none). */
    public AgentHarness<O> withInput(String agent, Object output, String headline) {
        Objects.requireNonNull(output, "output (an OK result has an output; use withFailedInput for a failure)");
        return plus(new GivenInput(requireName(agent), Json.toTree(output), headline, null));
    }

    /**
     * This harness giving the agent a FAILED result of {@code agent}, with the upstream error's type (an
     * {@link ErrorType} name such as {@code OUTPUT_SCHEMA_VIOLATION}, or an agent's own) and message. Giving the same
     * agent again replaces it.
     */
    public AgentHarness<O> withFailedInput(String agent, String errorType, String message) {
        return plus(new GivenInput(requireName(agent), null, null, new ErrorInfo(errorType, message)));
    }

    /** As {@link #withFailedInput(String, String, String)} with one of the framework's error types. */
    public AgentHarness<O> withFailedInput(String agent, ErrorType errorType, String message) {
        return withFailedInput(agent, errorType.name(), message);
    }

    /** Runs the agent's {@code handle} on a first attempt of a task with {@code text} and the given inputs. */
    public O run(String text) throws Exception {
        return invocation(text).call();
    }

    /** The agent's headline for an output, as the worker would put it into the result (one that throws is left out). */
    public Optional<String> headline(O output) {
        return invocation("").headline(output);
    }

    private AgentHarness<O> plus(GivenInput input) {
        Map<String, GivenInput> next = new LinkedHashMap<>(inputs);
        next.remove(input.agent());
        next.put(input.agent(), input);
        return new AgentHarness<>(agent, gateway, java.util.Collections.unmodifiableMap(next));
    }

    private AgentInvocation<O> invocation(String text) {
        Instant now = Instant.now();
        Task task = Task.create(Ids.newId(), agent.name(), Document.ofText(text), null, now, now.plusSeconds(300));
        Map<String, AgentResult> results = new LinkedHashMap<>();
        inputs.values().forEach(input -> results.put(input.agent(), input.resultFor(task.jobId(), now)));
        return AgentInvocation.of(agent, task.withInputs(results), gateway, Clock.systemUTC(),
                LoggerFactory.getLogger("agent." + agent.name()));
    }

    private static String requireName(String agent) {
        if (agent == null || agent.isBlank()) {
            throw new IllegalArgumentException("an input is named by the agent that produced it; got '" + agent + "'");
        }
        return agent;
    }

    /** An upstream result as a test gives it: {@code output} when OK, else {@code error}. */
    private record GivenInput(String agent, JsonNode output, String headline, ErrorInfo error) {

        /** The result the aggregator would attach to the task of job {@code jobId}. */
        AgentResult resultFor(UUID jobId, Instant at) {
            AgentResult.Status status = error == null ? AgentResult.Status.OK : AgentResult.Status.FAILED;
            return new AgentResult(AgentResult.CURRENT_VERSION, jobId, Ids.taskId(jobId, agent), agent, status, output, error,
                    1, null, null, at, at, headline);
        }
    }
}
