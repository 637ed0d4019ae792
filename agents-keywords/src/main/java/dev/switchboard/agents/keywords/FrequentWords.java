package dev.switchboard.agents.keywords;

import dev.switchboard.core.AgentTask;
import dev.switchboard.core.OfflineModel;
import dev.switchboard.core.text.Words;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The keywords agent's offline model: the five most frequent words of four to {@link #MAX_KEYWORD_CHARS} letters that are not stopwords. */
final class FrequentWords implements OfflineModel<Keywords> {
    /** Longer "words" are strings without spaces (hashes, base64, a run of one letter), not what a text is about. */
    static final int MAX_KEYWORD_CHARS = 40;
    private static final Set<String> STOPWORDS = Set.of("the", "and", "for", "that", "this", "with", "was", "are", "were",
            "from", "have", "has", "had", "but", "not", "you", "your", "our", "its", "their", "they", "will", "would", "about");

    @Override
    public Keywords answer(AgentTask task) {
        Map<String, Integer> counts = new TreeMap<>();
        Words.lowerCase(task.text()).stream()
                .filter(w -> w.length() >= 4 && w.length() <= MAX_KEYWORD_CHARS && !STOPWORDS.contains(w))
                .forEach(w -> counts.merge(w, 1, Integer::sum));
        return new Keywords(counts.entrySet().stream()
                .sorted((a, b) -> b.getValue() - a.getValue())
                .limit(5).map(Map.Entry::getKey).toList());
    }
}
