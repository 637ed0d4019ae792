package dev.switchboard.agents.keywords;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.agenttest.AgentHarness;
import org.junit.jupiter.api.Test;

class KeywordsAgentTest {
    private final AgentHarness<Keywords> agent = AgentHarness.offline(new KeywordsAgent());

    @Test
    void shouldFindTheMostFrequentWords() throws Exception {
        Keywords k = agent.run("Kafka partitions scale consumers. Kafka brokers store partitions. Kafka is fast.");
        assertThat(k.keywords()).startsWith("kafka", "partitions");
    }

    @Test
    void shouldTakeAHyphenChainWithoutOverflowingTheStack() throws Exception {
        // Given the document of the issue: "a-" 3 000 times
        // When its keywords are found, Then the answer is valid, not a StackOverflowError
        Keywords k = agent.run("a-".repeat(3_000));
        k.validate();
    }

    @Test
    void shouldNotTakeAGiantWordForAKeyword() throws Exception {
        // Given a document that is one word of a hundred thousand letters, twice, and a real word
        String giant = "x".repeat(100_000);
        Keywords k = agent.run(giant + " " + giant + " switchboard");

        // Then the keywords are the words a reader would call words
        assertThat(k.keywords()).containsExactly("switchboard");
    }
}
