package dev.switchboard.agents.synthesis;

import dev.switchboard.contracts.message.ErrorType;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.core.Agent;
import dev.switchboard.core.AgentContext;
import dev.switchboard.core.AgentTask;
import dev.switchboard.core.Input;
import dev.switchboard.core.NonRetriableTaskException;
import dev.switchboard.core.OfflineModel;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code synthesis}, the Master Agent: writes the report's synthesis from the outputs of the agents it needs
 * ({@code needs: [sentiment, entities, summary]} in topics.yaml). With a model, one call about the start of the document
 * and every output, all fenced as untrusted data; offline, the aggregator's headline template. A failed input is named,
 * not fatal; only when every input failed is there nothing to synthesise ({@code INPUT_FAILED}). No headline: its text
 * is the synthesis (decision 0031).
 */
public final class SynthesisAgent implements Agent<Synthesis> {
    public static final String NAME = Report.SYNTHESIS_AGENT;
    private final TemplateSynthesis offline = new TemplateSynthesis();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Synthesis handle(AgentTask task, AgentContext context) {
        Map<String, Input> inputs = context.inputs();
        if (inputs.isEmpty()) {
            throw new NonRetriableTaskException(ErrorType.INPUT_FAILED, NAME + " got no inputs: it synthesises the outputs of "
                    + "the agents under its needs: in topics.yaml, and a job runs them before it");
        }
        if (inputs.values().stream().noneMatch(Input::ok)) {
            throw new NonRetriableTaskException(ErrorType.INPUT_FAILED, "every input of " + NAME + " failed: "
                    + inputs.values().stream().map(i -> i.agent() + " (" + i.errorType() + ")").collect(Collectors.joining(", ")));
        }
        return context.llm().generate(SynthesisPrompt.of(task.text(), inputs), Synthesis.class);
    }

    @Override
    public OfflineModel<Synthesis> offlineModel() {
        return offline;
    }
}
