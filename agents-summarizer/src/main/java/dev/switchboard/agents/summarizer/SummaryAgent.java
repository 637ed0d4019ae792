package dev.switchboard.agents.summarizer;

import dev.switchboard.core.Agent;
import dev.switchboard.core.AgentContext;
import dev.switchboard.core.AgentTask;
import dev.switchboard.core.NonRetriableTaskException;
import dev.switchboard.core.OfflineModel;
import dev.switchboard.core.PromptTemplate;
import dev.switchboard.contracts.message.ErrorType;
import dev.switchboard.core.text.Chunks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code summary}: a short summary with key points. A long document is summarised chunk by chunk
 * (map), then the partial summaries are merged into one (reduce).
 */
public final class SummaryAgent implements Agent<Summary> {
    public static final String NAME = "summary";
    /** Below this length a summary may be as long as the text itself. */
    static final int SHORT_TEXT = 200;
    private static final PromptTemplate MAP = PromptTemplate.fromResource(SummaryAgent.class, "prompt.txt");
    private static final PromptTemplate REDUCE = PromptTemplate.fromResource(SummaryAgent.class, "reduce-prompt.txt");
    private final TextRankSummarizer offline = new TextRankSummarizer();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Summary handle(AgentTask task, AgentContext context) {
        String text = task.text();
        List<String> chunks = Chunks.split(text, Chunks.DEFAULT_MAX_CHARS);
        Summary result;
        if (chunks.size() == 1) {
            result = context.llm().generate(MAP.forDocument(text), Summary.class);
        } else {
            List<String> partials = new ArrayList<>();
            for (String chunk : chunks) {
                partials.add(context.llm().generate(MAP.forDocument(chunk), Summary.class).summary());
            }
            String joined = String.join("\n\n", partials);
            result = context.llm().generate(REDUCE.forDocument(joined), Summary.class);
        }
        if (text.strip().length() >= SHORT_TEXT && result.summary().length() >= text.strip().length()) {
            throw new NonRetriableTaskException(ErrorType.OUTPUT_SCHEMA_VIOLATION,
                    "The summary (" + result.summary().length() + " chars) is not shorter than the text (" + text.strip().length() + " chars)");
        }
        return result;
    }

    @Override
    public OfflineModel<Summary> offlineModel() {
        return offline;
    }

    /** "Summary: " and the summary. */
    @Override
    public Optional<String> headline(Summary output) {
        String text = output.summary() == null ? "" : output.summary().strip();
        return text.isEmpty() ? Optional.empty() : Optional.of("Summary: " + text);
    }
}
