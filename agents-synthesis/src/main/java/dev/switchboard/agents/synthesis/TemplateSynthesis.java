package dev.switchboard.agents.synthesis;

import dev.switchboard.contracts.message.SynthesisTemplate;
import dev.switchboard.core.AgentTask;
import dev.switchboard.core.Input;
import dev.switchboard.core.OfflineModel;
import java.util.Map;

/**
 * The offline model: the template the aggregator writes when no synthesis agent answered ({@link SynthesisTemplate}),
 * fed the task's inputs in the order of the agent's needs: each OK input's headline, then the failed ones with their
 * error type. For the default pipeline with all three OK that is the aggregator's text; not in general (job order,
 * outputs omitted for size, agents outside the needs: decision 0031). A template too long for a {@link Synthesis} (many
 * inputs) is cut at a sentence boundary.
 */
final class TemplateSynthesis implements OfflineModel<Synthesis> {

    @Override
    public Synthesis answer(AgentTask task) {
        return new Synthesis(text(task.inputs()));
    }

    static String text(Map<String, Input> inputs) {
        SynthesisTemplate template = new SynthesisTemplate();
        inputs.forEach((agent, input) -> {
            if (input.ok()) {
                template.answered(agent, input.findHeadline());
            }
        });
        inputs.forEach((agent, input) -> {
            if (!input.ok()) {
                template.failed(agent, input.errorType());
            }
        });
        return SynthesisPrompt.start(template.text(), Synthesis.MAX_CHARS);
    }
}
