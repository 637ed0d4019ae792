package dev.switchboard.agents.keywords;

import dev.switchboard.core.Agent;
import dev.switchboard.core.AgentContext;
import dev.switchboard.core.OfflineModel;
import dev.switchboard.core.PromptTemplate;
import dev.switchboard.core.SelfValidating;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.core.text.Words;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** {@code keywords}: the words a document is about. The example of docs/writing-an-agent.md. */
public final class KeywordsAgent implements Agent<KeywordsAgent.Keywords> {
    private static final PromptTemplate PROMPT = PromptTemplate.fromResource(KeywordsAgent.class, "prompt.txt");
    private static final Set<String> STOPWORDS = Set.of("the", "and", "for", "that", "this", "with", "was", "are", "were",
            "from", "have", "has", "had", "but", "not", "you", "your", "our", "its", "their", "they", "will", "would", "about");
    /** Longer "words" are strings without spaces (hashes, base64, a run of one letter), not what a text is about. */
    static final int MAX_KEYWORD_CHARS = 40;

    /** The output: keywords, most important first. */
    public record Keywords(List<String> keywords) implements SelfValidating {
        @Override
        public void validate() {
            if (keywords == null || keywords.size() > 20 || keywords.stream().anyMatch(k -> k == null || k.isBlank())) {
                throw new IllegalArgumentException("keywords must be a list of at most 20 non-empty strings");
            }
        }
    }

    @Override
    public String name() {
        return "keywords";
    }

    @Override
    public Class<Keywords> outputType() {
        return Keywords.class;
    }

    @Override
    public Keywords handle(Task task, AgentContext context) {
        return context.llm().generate(PROMPT.forDocument(task.document().text()), Keywords.class);
    }

    /** Offline: the five most frequent words of four to {@link #MAX_KEYWORD_CHARS} letters that are not stopwords. */
    @Override
    public OfflineModel offlineModel() {
        return prompt -> {
            Map<String, Integer> counts = new TreeMap<>();
            Words.lowerCase(prompt.document().orElse("")).stream()
                    .filter(w -> w.length() >= 4 && w.length() <= MAX_KEYWORD_CHARS && !STOPWORDS.contains(w))
                    .forEach(w -> counts.merge(w, 1, Integer::sum));
            return new Keywords(counts.entrySet().stream()
                    .sorted((a, b) -> b.getValue() - a.getValue())
                    .limit(5).map(Map.Entry::getKey).toList());
        };
    }
}
