package dev.switchboard.core.testagents;

import dev.switchboard.core.Agent;
import dev.switchboard.core.AgentContext;
import dev.switchboard.core.OfflineModel;
import dev.switchboard.core.Prompt;
import dev.switchboard.core.SelfValidating;
import dev.switchboard.contracts.message.Task;
import java.util.Arrays;
import java.util.Comparator;

public final class WordCountAgent implements Agent<WordCountAgent.WordCount> {

    public record WordCount(int words, String longest) implements SelfValidating {
        @Override
        public void validate() {
            if (words < 0) {
                throw new IllegalArgumentException("words must not be negative");
            }
        }
    }

    @Override
    public String name() {
        return "wordcount";
    }

    @Override
    public Class<WordCount> outputType() {
        return WordCount.class;
    }

    @Override
    public WordCount handle(Task task, AgentContext context) {
        Prompt prompt = Prompt.forDocument("You count words.",
                "Count the words of the document and name its longest word.", task.document().text());
        return context.llm().generate(prompt, WordCount.class);
    }

    /** Answers offline, without a model, so the agent runs anywhere. */
    @Override
    public OfflineModel offlineModel() {
        return prompt -> {
            String[] words = prompt.document().orElse("").trim().split("\\s+");
            String longest = Arrays.stream(words).max(Comparator.comparingInt(String::length)).orElse("");
            return new WordCount(longest.isEmpty() ? 0 : words.length, longest);
        };
    }
}
